/**
 * Attachments benchmark (issue #10): a generated phone-like photo (4000 x 3000
 * JPEG of about 5 MB with EXIF GPS, device, serial, times and a thumbnail)
 * checked, stripped (re-encoded upright), thumbnailed, encrypted and stored
 * on a lead in a fresh SQLite installation, through the same service the
 * upload route calls.
 *
 *   npm run bench -- attachments [runs]
 *
 * Last line: attachments: upload_ms=U thumbnail_ms=T
 * (medians over the runs; upload_ms includes the thumbnail). The machine is
 * shared, so CPU time per upload (process.cpuUsage: this process, including
 * libvips' threads) is printed beside the wall-clock times.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { addAttachment } from '../../apps/server/src/attachments/service.ts';
import { attachmentLimits, type Timings } from '../../apps/server/src/attachments/sanitize.ts';
import { loadConfig } from '../../apps/server/src/config.ts';
import { openDeps } from '../../apps/server/src/deps.ts';
import { OPERATOR } from '../../apps/server/src/services/context.ts';
import { createLead } from '../../apps/server/src/services/leads.ts';
import { phonePhoto } from '../../apps/server/test/attachments-fixtures.ts';

const runs = Number(process.argv[2] ?? 7);
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

const dir = mkdtempSync(join(tmpdir(), 'homeward-bench-attachments-'));
const deps = await openDeps(loadConfig({ data: dir }, { HOMEWARD_LOG_LEVEL: 'silent' }));
try {
  const photo = await phonePhoto(4000, 3000, { noise: 24, orientation: 6 });
  console.log(`photo: 4000x3000 JPEG, ${(photo.length / 1e6).toFixed(2)} MB, EXIF with GPS, orientation 6`);
  const lead = await createLead(deps, OPERATOR, { names: [{ text: 'Fictional Person' }], source: 'bench', reliability: 'low', receivedOn: { year: 2025 } });
  const limits = attachmentLimits({});
  const wall: number[] = [];
  const cpu: number[] = [];
  const thumb: number[] = [];
  // One warm-up run loads libvips and the JPEG codec; it is not counted.
  await addAttachment(deps, OPERATOR, { ownerType: 'lead', ownerId: lead.id }, { bytes: photo, fileName: 'IMG_0001.JPG', declaredType: 'image/jpeg' }, limits);
  for (let i = 0; i < runs; i++) {
    const timings: Timings = {};
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    const a = await addAttachment(deps, OPERATOR, { ownerType: 'lead', ownerId: lead.id, caption: 'fictional' }, { bytes: photo, fileName: 'IMG_0001.JPG', declaredType: 'image/jpeg' }, limits, timings);
    wall.push(performance.now() - t0);
    const c = process.cpuUsage(c0);
    cpu.push((c.user + c.system) / 1000);
    thumb.push(timings.thumbnailMs ?? NaN);
    if (!a.removed.includes('location')) throw new Error('the GPS position was not detected');
    console.log(`run ${i + 1}: ${wall.at(-1)!.toFixed(0)} ms wall, ${cpu.at(-1)!.toFixed(0)} ms CPU, thumbnail ${thumb.at(-1)!.toFixed(0)} ms, stored ${(a.byteSize / 1e6).toFixed(2)} MB ${a.width}x${a.height}, removed ${a.removed.join(',')}`);
  }
  console.log(`median over ${runs}: ${median(wall).toFixed(0)} ms wall (min ${Math.min(...wall).toFixed(0)}), ${median(cpu).toFixed(0)} ms CPU per upload; thumbnail ${median(thumb).toFixed(0)} ms`);
  console.log(`attachments: upload_ms=${median(wall).toFixed(0)} thumbnail_ms=${median(thumb).toFixed(0)} cpu_ms=${median(cpu).toFixed(0)}`);
} finally {
  await deps.db.destroy();
  rmSync(dir, { recursive: true, force: true });
}
