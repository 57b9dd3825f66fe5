import { DisplayNameSchema, EmailSchema, PasswordSchema, ROLES, RoleSchema } from '@homeward/contracts';
import { ConfigError, createUser, loadConfig, openDeps, OPERATOR, ServiceError } from '@homeward/server/operator';
import { EXIT, UsageError, parseFlags, type CliIo, type Command } from '../command.ts';

const USAGE = 'usage: homeward user create --email E --role administrator|caseworker|field_partner|advocate|auditor [--name N] [--data DIR]  (password on stdin)';

async function readStdin(stdin: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stdin) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
  return Buffer.concat(chunks).toString('utf8');
}

export const command: Command = {
  summary: 'create a user: user create --email E --role R [--name N] (password from stdin; prints the TOTP secret once)',
  async run(argv: string[], io: CliIo) {
    const parsed = parseFlags({ args: argv, allowPositionals: true, options: { email: { type: 'string' }, role: { type: 'string' }, name: { type: 'string' }, data: { type: 'string' } } }, USAGE);
    const { values, positionals } = parsed;
    if (positionals[0] !== 'create' || positionals.length !== 1) throw new UsageError(USAGE);
    const email = EmailSchema.safeParse(values.email ?? '');
    if (!email.success) throw new UsageError(`--email must be an email address\n${USAGE}`);
    const role = RoleSchema.safeParse(values.role);
    if (!role.success) throw new UsageError(`--role must be one of ${ROLES.join(', ')}\n${USAGE}`);
    const displayName = DisplayNameSchema.safeParse(values.name ?? email.data.split('@')[0]);
    if (!displayName.success) throw new UsageError('--name must be 1-100 characters');
    // The first line of stdin is the password, so `echo pw | homeward user create` and a here-doc both work.
    const password = PasswordSchema.safeParse((await readStdin(io.stdin)).split(/\r?\n/)[0] ?? '');
    if (!password.success) throw new UsageError(`the password on stdin ${password.error.issues[0]?.message ?? 'is not valid'}`);

    let deps;
    try {
      deps = await openDeps(loadConfig({ data: values.data }));
    } catch (err) {
      if (err instanceof ConfigError) throw new UsageError(err.message);
      throw err;
    }
    try {
      const { user, totpSecret } = await createUser(deps, OPERATOR, { email: email.data, displayName: displayName.data, role: role.data, password: password.data });
      io.stdout.write(`created ${user.role} ${user.email} (id ${user.id})\n`);
      io.stdout.write(`TOTP secret (shown once; enter it in an authenticator app): ${totpSecret}\n`);
      return EXIT.ok;
    } catch (err) {
      if (err instanceof ServiceError && err.code === 'VALIDATION_FAILED') throw new UsageError(err.message);
      throw err;
    } finally {
      await deps.db.destroy();
    }
  },
};
