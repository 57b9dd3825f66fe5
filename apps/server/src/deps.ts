import type { Config } from './config.ts';
import { resolveKeyring } from './crypto/master-key.ts';
import { createDb } from './db/create-db.ts';
import type { Deps } from './services/context.ts';

/**
 * Opens the database (running migrations) and the master key: everything a
 * use case needs. Shared by the HTTP server and the CLI. Closes the database
 * again if the key is wrong.
 * Example: `const deps = await openDeps(loadConfig()); ...; await deps.db.destroy()`.
 */
export async function openDeps(config: Config, now: () => Date = () => new Date()): Promise<Deps> {
  const { db, engine } = await createDb(config);
  try {
    const kr = await resolveKeyring(db, config);
    return { db, engine, kr, config, now };
  } catch (err) {
    await db.destroy();
    throw err;
  }
}
