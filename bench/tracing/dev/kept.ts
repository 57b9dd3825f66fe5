// Opens a registry kept by `npm run bench -- tracing --keep DIR` for the dev tools beside this file.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig, openDeps, type Deps } from '@homeward/server/operator';

export interface Kept {
  cases: number;
  leads: number;
  caseworkers: number;
  dbName: string;
}

/** The kept installation of `engine` under `keep` (usage names the tool in the error). */
export async function openKept(keep: string | undefined, engine: string | undefined, tool: string): Promise<{ deps: Deps; kept: Kept }> {
  if (!keep || (engine !== 'sqlite' && engine !== 'postgres')) throw new Error(`usage: ${tool} DIR sqlite|postgres`);
  const dir = join(keep, engine);
  const kept = JSON.parse(readFileSync(join(dir, 'bench-registry.json'), 'utf8')) as Kept;
  const env: NodeJS.ProcessEnv = { ...process.env };
  delete env.HOMEWARD_DATABASE_URL;
  if (engine === 'postgres') env.HOMEWARD_DATABASE_URL = `postgres://postgres@127.0.0.1:5432/${kept.dbName}`;
  return { deps: await openDeps(loadConfig({ data: dir }, env)), kept };
}
