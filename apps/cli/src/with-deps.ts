import { ConfigError, loadConfig, openDeps, type Deps } from '@homeward/server/operator';
import { UsageError } from './command.ts';

/**
 * Opens the installation (`--data DIR` or HOMEWARD_DATABASE_URL) as the
 * machine's operator, runs `fn`, and always closes the database. A bad
 * configuration is the user's to fix, so it becomes a usage error (exit 2).
 * Example: `await withDeps(values.data, (deps) => verifyAudit(deps))`.
 */
export async function withDeps<T>(data: string | undefined, fn: (deps: Deps) => Promise<T>): Promise<T> {
  let deps;
  try {
    deps = await openDeps(loadConfig({ data }));
  } catch (err) {
    if (err instanceof ConfigError) throw new UsageError(err.message);
    throw err;
  }
  try {
    return await fn(deps);
  } finally {
    await deps.db.destroy();
  }
}
