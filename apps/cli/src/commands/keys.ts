import { ConfigError, loadConfig, openDeps, OPERATOR, passwordProblem, rotateMasterKey, sealMasterKey, unsealToFile, type Deps } from '@homeward/server/operator';
import { EXIT, UsageError, parseFlags, type CliIo, type Command } from '../command.ts';

const USAGE = `usage: homeward keys rotate [--data DIR]  (with HOMEWARD_MASTER_KEY: the new key in HOMEWARD_NEW_MASTER_KEY)
       homeward keys seal [--data DIR]    (passphrase on stdin: the server then starts sealed, serving only an unseal page)
       homeward keys unseal [--data DIR]  (passphrase on stdin: writes the plain key file back)`;

async function readPassphrase(stdin: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stdin) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
  return Buffer.concat(chunks).toString('utf8').split(/\r?\n/)[0] ?? '';
}

/** keys seal / keys unseal: the master key file wrapped by an argon2id passphrase (sealed start for laptops). */
async function sealCommand(sub: 'seal' | 'unseal', data: string | undefined, io: CliIo): Promise<number> {
  const config = loadConfig({ data });
  const passphrase = await readPassphrase(io.stdin);
  if (sub === 'seal') {
    const problem = passwordProblem(passphrase);
    if (problem) throw new UsageError(problem === 'too_short' ? 'the passphrase on stdin must be at least 12 characters' : 'the passphrase on stdin is too common; choose another');
    try {
      await sealMasterKey(config.dataDir, passphrase);
    } catch (err) {
      throw new UsageError(err instanceof Error ? err.message : 'could not seal');
    }
    io.stdout.write('master key sealed: the server now starts sealed and serves only an unseal page until the passphrase is entered.\nKeep the passphrase apart from the laptop; without it (or a backup of the key) the data cannot be opened.\n');
    return EXIT.ok;
  }
  if (!(await unsealToFile(config.dataDir, passphrase))) throw new UsageError('the passphrase is not right');
  io.stdout.write('master key unsealed: master.key written back (mode 0600); run homeward keys seal again to seal it.\n');
  return EXIT.ok;
}

export const command: Command = {
  summary: 'keys rotate: new master key, every data key re-wrapped while the app keeps working; keys seal|unseal: passphrase-wrapped key for a sealed start',
  async run(argv: string[], io: CliIo) {
    const parsed = parseFlags({ args: argv, allowPositionals: true, options: { data: { type: 'string' } } }, USAGE);
    const { values, positionals } = parsed;
    if (positionals.length === 1 && (positionals[0] === 'seal' || positionals[0] === 'unseal')) return sealCommand(positionals[0], values.data, io);
    if (positionals.length !== 1 || positionals[0] !== 'rotate') throw new UsageError(USAGE);
    let deps: Deps;
    try {
      deps = await openDeps(loadConfig({ data: values.data }));
    } catch (err) {
      if (err instanceof ConfigError) throw new UsageError(err.message);
      throw err;
    }
    try {
      if (deps.config.masterKey && !process.env.HOMEWARD_NEW_MASTER_KEY) {
        throw new UsageError('this installation takes its key from HOMEWARD_MASTER_KEY: put a new key (openssl rand -base64 32) in HOMEWARD_NEW_MASTER_KEY, for this command and for the running server (restart it), then run homeward keys rotate again');
      }
      const r = await rotateMasterKey(deps, OPERATOR);
      io.stdout.write(`master key rotated: ${r.rewrapped} data key(s) re-wrapped\n`);
      if (r.source === 'file') {
        io.stdout.write('the new key is in master.key; the old key file was deleted. Replace any copy of the old key (and backups that carry it) with the new one.\n');
      } else {
        // Never print either key: the operator already holds both.
        io.stdout.write(
          'to switch: set HOMEWARD_MASTER_KEY to the value of HOMEWARD_NEW_MASTER_KEY, remove HOMEWARD_NEW_MASTER_KEY, restart the server;\n' +
            'then destroy every copy of the old key.\n',
        );
      }
      return EXIT.ok;
    } finally {
      await deps.db.destroy();
    }
  },
};
