import type { Name, NameInput } from '@homeward/contracts';
import * as names from '@homeward/names';
import { blindIndex } from '../crypto/blind-index.ts';
import type { Keyring } from '../crypto/envelope.ts';
import type { Db } from '../db/create-db.ts';

/** Fills in script (detected) and kind (legal) so stored names are complete. */
export function completeName(n: NameInput): Name {
  return { text: n.text, script: n.script ?? names.detectScript(n.text), kind: n.kind ?? 'legal' };
}

/** Blind-index values for one name: its normalised form and its blocking keys (cross-script readings). */
export function nameIndexValues(kr: Keyring, text: string): { index_name: string; value: number }[] {
  const out = new Map<string, { index_name: string; value: number }>();
  const add = (index_name: string, v: string) => {
    if (!v) return;
    const value = blindIndex(kr, index_name, v);
    out.set(`${index_name}:${value}`, { index_name, value });
  };
  add('name', names.normalize(text));
  for (const k of names.blockingKeys(text)) add('name-key', k);
  return [...out.values()];
}

/** Replaces the blind-index rows of one record. */
export async function writeNameIndex(db: Db, kr: Keyring, ownerTable: string, ownerId: string, texts: string[]): Promise<void> {
  await db.deleteFrom('name_index').where('owner_table', '=', ownerTable).where('owner_id', '=', ownerId).execute();
  const rows = new Map<string, { owner_table: string; owner_id: string; index_name: string; value: number }>();
  for (const t of texts) {
    for (const v of nameIndexValues(kr, t)) rows.set(`${v.index_name}:${v.value}`, { owner_table: ownerTable, owner_id: ownerId, ...v });
  }
  if (rows.size > 0) await db.insertInto('name_index').values([...rows.values()]).execute();
}

/**
 * Ids of records whose names may equal `text` (same normalised form or a
 * shared blocking key). Candidates only: the index is deliberately lossy, so
 * callers decrypt and compare.
 */
export async function nameCandidates(db: Db, kr: Keyring, ownerTable: string, text: string): Promise<string[]> {
  const values = nameIndexValues(kr, text);
  if (values.length === 0) return [];
  const rows = await db
    .selectFrom('name_index')
    .select('owner_id')
    .distinct()
    .where('owner_table', '=', ownerTable)
    .where((eb) => eb.or(values.map((v) => eb.and([eb('index_name', '=', v.index_name), eb('value', '=', v.value)]))))
    .execute();
  return rows.map((r) => r.owner_id);
}
