import { DisplayNameSchema, EmailSchema, PasswordSchema, ROLES, RoleSchema } from '@homeward/contracts';
import { adminListUsers, createUser, disableUser, OPERATOR, revokeUserSessions, ServiceError, type Deps } from '@homeward/server/operator';
import { EXIT, UsageError, parseFlags, type CliIo, type Command } from '../command.ts';
import { withDeps } from '../with-deps.ts';

const USAGE = `usage: homeward user create --email E --role ${ROLES.join('|')} [--name N] [--data DIR]  (password on stdin)
       homeward user list [--data DIR]
       homeward user disable --email E [--data DIR]
       homeward user revoke-sessions --email E [--data DIR]`;

async function readStdin(stdin: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stdin) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
  return Buffer.concat(chunks).toString('utf8');
}

/** Service refusals the operator can fix (a taken email, a weak password) are usage errors: message, exit 2. */
function asUsage(err: unknown): never {
  if (err instanceof ServiceError && (err.code === 'VALIDATION_FAILED' || err.code === 'PASSWORD_TOO_WEAK' || err.code === 'NOT_FOUND')) throw new UsageError(err.message);
  throw err;
}

async function userIdByEmail(deps: Deps, email: string): Promise<string> {
  const all = await adminListUsers(deps, OPERATOR);
  const found = all.find((u) => u.email === email);
  if (!found) throw new UsageError('no user with this email');
  return found.id;
}

export const command: Command = {
  summary: 'users: user create --email E --role R [--name N] (password on stdin; prints the TOTP secret once) | list | disable --email E | revoke-sessions --email E',
  async run(argv: string[], io: CliIo) {
    const parsed = parseFlags({ args: argv, allowPositionals: true, options: { email: { type: 'string' }, role: { type: 'string' }, name: { type: 'string' }, data: { type: 'string' } } }, USAGE);
    const { values, positionals } = parsed;
    const sub = positionals[0];
    if (positionals.length !== 1 || !['create', 'list', 'disable', 'revoke-sessions'].includes(sub ?? '')) throw new UsageError(USAGE);

    if (sub === 'list') {
      // Every action through the CLI is audited like the web app's (the list as 'user.listed' by the operator).
      const users = await withDeps(values.data, (deps) => adminListUsers(deps, OPERATOR));
      for (const u of users) io.stdout.write(`${u.id}\t${u.role}\t${u.disabledAt ? 'disabled' : 'active'}\t${u.sessions} session(s)\t${u.email}\n`);
      return EXIT.ok;
    }

    const email = EmailSchema.safeParse(values.email ?? '');
    if (!email.success) throw new UsageError(`--email must be an email address\n${USAGE}`);
    if (sub === 'disable' || sub === 'revoke-sessions') {
      await withDeps(values.data, async (deps) => {
        const id = await userIdByEmail(deps, email.data);
        const u = await (sub === 'disable' ? disableUser(deps, OPERATOR, id) : revokeUserSessions(deps, OPERATOR, id)).catch(asUsage);
        io.stdout.write(sub === 'disable' ? `disabled ${u.email}; their sessions ended\n` : `ended the sessions of ${u.email}\n`);
      });
      return EXIT.ok;
    }

    const role = RoleSchema.safeParse(values.role);
    if (!role.success) throw new UsageError(`--role must be one of ${ROLES.join(', ')}\n${USAGE}`);
    const displayName = DisplayNameSchema.safeParse(values.name ?? email.data.split('@')[0]);
    if (!displayName.success) throw new UsageError('--name must be 1-100 characters');
    // The first line of stdin is the password, so `echo pw | homeward user create` and a here-doc both work.
    const password = PasswordSchema.safeParse((await readStdin(io.stdin)).split(/\r?\n/)[0] ?? '');
    if (!password.success) throw new UsageError(`the password on stdin ${password.error.issues[0]?.message ?? 'is not valid'}`);
    await withDeps(values.data, async (deps) => {
      const { user, totpSecret } = await createUser(deps, OPERATOR, { email: email.data, displayName: displayName.data, role: role.data, password: password.data }).catch(asUsage);
      io.stdout.write(`created ${user.role} ${user.email} (id ${user.id})\n`);
      io.stdout.write(`TOTP secret (shown once; enter it in an authenticator app): ${totpSecret}\n`);
    });
    return EXIT.ok;
  },
};
