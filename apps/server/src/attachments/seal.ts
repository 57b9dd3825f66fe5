import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { unwrapDataKey, wrapDataKey, type Keyring } from '../crypto/envelope.ts';

/**
 * Binary sealing for attachment bytes, in the envelope format every sealed
 * column uses (`v1.` + base64 of IV | tag | AES-256-GCM ciphertext, AAD naming
 * table, column and row; see crypto/envelope.ts), so the `sealed` column opens
 * with `openRecord` like any other and a file copied to another row fails
 * authentication. Bytes are sealed as they are, not as JSON, so a 5 MB photo
 * costs 6.7 MB of base64 text, not 9.
 */

const TABLE = 'attachments';
const fieldAad = (column: string, id: string) => `homeward/field/${TABLE}/${column}/${id}`;

export interface AttachmentKey {
  wrapped: string;
  seal(column: string, bytes: Buffer): string;
  open(column: string, blob: string): Buffer;
}

function keyOf(dek: Buffer, wrapped: string, id: string): AttachmentKey {
  return {
    wrapped,
    seal: (column, bytes) => {
      const iv = randomBytes(12);
      const c = createCipheriv('aes-256-gcm', dek, iv, { authTagLength: 16 });
      c.setAAD(Buffer.from(fieldAad(column, id)));
      const ct = Buffer.concat([c.update(bytes), c.final()]);
      return `v1.${Buffer.concat([iv, c.getAuthTag(), ct]).toString('base64')}`;
    },
    open: (column, blob) => {
      if (!blob.startsWith('v1.')) throw new Error('unknown ciphertext format');
      const raw = Buffer.from(blob.slice(3), 'base64');
      const d = createDecipheriv('aes-256-gcm', dek, raw.subarray(0, 12), { authTagLength: 16 });
      d.setAAD(Buffer.from(fieldAad(column, id)));
      d.setAuthTag(raw.subarray(12, 28));
      return Buffer.concat([d.update(raw.subarray(28)), d.final()]);
    },
  };
}

/** A fresh data key for one attachment, wrapped by the master key. Example: `const k = newAttachmentKey(kr, id)`. */
export function newAttachmentKey(kr: Keyring, id: string): AttachmentKey {
  const dek = randomBytes(32);
  return keyOf(dek, wrapDataKey(kr, dek, TABLE, id), id);
}

/** Opens an attachment row's data key. Example: `openAttachmentKey(kr, row.id, row.wrapped_key).open('content', row.content)`. */
export function openAttachmentKey(kr: Keyring, id: string, wrapped: string): AttachmentKey {
  return keyOf(unwrapDataKey(kr, wrapped, TABLE, id), wrapped, id);
}
