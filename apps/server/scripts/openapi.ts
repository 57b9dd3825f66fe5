// Writes apps/server/openapi.json: the OpenAPI document the server serves at
// /api/openapi.json, generated from the zod contracts. A test fails when the
// committed file drifts. Run: node --import tsx apps/server/scripts/openapi.ts
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from '../src/app.ts';
import { loadConfig } from '../src/config.ts';

export const OPENAPI_FILE = fileURLToPath(new URL('../openapi.json', import.meta.url));

/** The served document, rendered the way it is committed. */
export async function renderOpenApi(): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'homeward-openapi-'));
  try {
    const app = await build(loadConfig({ data: dir }, {}, { logLevel: 'silent' }));
    try {
      const res = await app.inject({ url: '/api/openapi.json' });
      return JSON.stringify(res.json(), null, 2) + '\n';
    } finally {
      await app.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  writeFileSync(OPENAPI_FILE, await renderOpenApi());
  process.stdout.write(`wrote ${OPENAPI_FILE}\n`);
}
