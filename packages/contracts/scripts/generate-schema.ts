// Writes schema/case-file.schema.json from the zod contracts.
// Run: node --import tsx packages/contracts/scripts/generate-schema.ts
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { caseFileJsonSchema } from '../src/index.ts';

export const SCHEMA_FILE = fileURLToPath(new URL('../schema/case-file.schema.json', import.meta.url));
export const render = (): string => JSON.stringify(caseFileJsonSchema(), null, 2) + '\n';

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  writeFileSync(SCHEMA_FILE, render());
  process.stdout.write(`wrote ${SCHEMA_FILE}\n`);
}
