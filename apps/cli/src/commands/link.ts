import { readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { clusterPairs, CsvError, csvField, describeParams, FIELD_TYPES, linkRecords, parseCsv, type FieldSpec, type FieldType, type RecordLike } from '@homeward/match';
import { EXIT, UsageError, parseFlags, type CliIo, type Command } from '../command.ts';

const USAGE = 'usage: homeward link LEFT.csv [RIGHT.csv] --id COL --fields col:type,... [--out FILE] [--threshold P] [--explain] [--workers N]';

/** Parses `col:type,...`; exported for tests. Example: `parseFieldSpec('surname:surname,dob:date')`. */
export function parseFieldSpec(spec: string): FieldSpec[] {
  const fields: FieldSpec[] = [];
  for (const part of spec.split(',')) {
    const p = part.trim();
    if (!p) continue;
    const at = p.lastIndexOf(':');
    if (at <= 0) throw new UsageError(`--fields: "${p}" should be column:type`);
    const name = p.slice(0, at).trim();
    const type = p.slice(at + 1).trim();
    if (!(FIELD_TYPES as readonly string[]).includes(type)) {
      throw new UsageError(`--fields: unknown type "${type}" for column "${name}"; types are ${FIELD_TYPES.join(', ')}`);
    }
    if (fields.some((f) => f.name === name)) throw new UsageError(`--fields: column "${name}" is listed twice`);
    fields.push({ name, type: type as FieldType });
  }
  if (fields.length === 0) throw new UsageError('--fields: no fields given');
  return fields;
}

interface Loaded { ids: string[]; records: RecordLike[] }

function load(file: string, idCol: string, fields: FieldSpec[]): Loaded {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    throw new UsageError(`${file}: cannot read the file`);
  }
  let table;
  try {
    table = parseCsv(text);
  } catch (e) {
    if (e instanceof CsvError) throw new UsageError(`${file}: ${e.message}`);
    throw e;
  }
  const col = (name: string): number => {
    const i = table.header.indexOf(name);
    if (i < 0) throw new UsageError(`${file}: line 1: missing column "${name}" (columns: ${table.header.join(', ')})`);
    return i;
  };
  const idIx = col(idCol);
  const fx = fields.map((f) => col(f.name));
  const seen = new Set<string>();
  const ids = table.rows.map((r, k) => {
    const id = r[idIx]!;
    if (id === '') throw new UsageError(`${file}: line ${table.lines[k]}: empty id in column "${idCol}"`);
    if (seen.has(id)) throw new UsageError(`${file}: line ${table.lines[k]}: duplicate id in column "${idCol}"`);
    seen.add(id);
    return id;
  });
  const records = table.rows.map((r) => {
    const rec: Record<string, string | undefined> = {};
    fields.forEach((f, i) => {
      const v = r[fx[i]!]!;
      rec[f.name] = v === '' ? undefined : v;
    });
    return rec;
  });
  return { ids, records };
}

export const command: Command = {
  summary: 'deduplicate one CSV or link two (Fellegi-Sunter, trained unsupervised, explained)',
  async run(argv: string[], io: CliIo) {
    const parsed = parseFlags({
        args: argv,
        allowPositionals: true,
        options: {
          id: { type: 'string' },
          fields: { type: 'string' },
          out: { type: 'string' },
          threshold: { type: 'string' },
          explain: { type: 'boolean', default: false },
          workers: { type: 'string' },
          help: { type: 'boolean', short: 'h', default: false },
        },
      }, USAGE);
    const { values: o, positionals } = parsed;
    if (o.help) {
      io.stdout.write(USAGE + '\n');
      return EXIT.ok;
    }
    if (positionals.length < 1 || positionals.length > 2) throw new UsageError(`expected one file (deduplicate) or two (link)\n${USAGE}`);
    if (!o.id) throw new UsageError(`--id is required\n${USAGE}`);
    if (!o.fields) throw new UsageError(`--fields is required\n${USAGE}`);
    const fields = parseFieldSpec(o.fields);
    const threshold = o.threshold === undefined ? 0.5 : Number(o.threshold);
    if (!(threshold >= 0 && threshold <= 1)) throw new UsageError('--threshold must be a probability between 0 and 1');
    const workers = o.workers === undefined ? undefined : Number(o.workers);
    if (workers !== undefined && !(Number.isInteger(workers) && workers >= 0 && workers <= 64)) throw new UsageError('--workers must be a whole number from 0 to 64');
    if (fields.some((f) => f.name === o.id)) throw new UsageError(`--id column "${o.id}" cannot also be a compared field`);

    const left = load(positionals[0]!, o.id, fields);
    const right = positionals[1] === undefined ? undefined : load(positionals[1], o.id, fields);
    const records = right ? [...left.records, ...right.records] : left.records;
    const ids = right ? [...left.ids, ...right.ids] : left.ids;
    const split = right ? left.records.length : undefined;

    const started = performance.now();
    let lastProgress = 0;
    const result = await linkRecords({ fields }, records, {
      threshold,
      explain: o.explain,
      workers,
      split,
      onProgress: (p) => {
        const now = performance.now();
        if (p.phase !== 'score') {
          io.stderr.write(`link: ${p.phase}${p.total !== undefined ? ` (up to ${p.total} candidate pairs)` : ''}\n`);
        } else if (now - lastProgress > 2000) {
          lastProgress = now;
          io.stderr.write(`link: scored ${p.done} of about ${p.total} pairs\n`);
        }
      },
    });

    const lines = [o.explain ? 'left_id,right_id,probability,weight,explanation' : 'left_id,right_id,probability,weight'];
    const order = Array.from(result.left.keys()).sort((a, b) => result.weight[b]! - result.weight[a]!);
    for (const k of order) {
      const row = [csvField(ids[result.left[k]!]!), csvField(ids[result.right[k]!]!), result.probability[k]!.toFixed(6), result.weight[k]!.toFixed(3)];
      if (o.explain) {
        const e = result.explanations![k]!;
        row.push(csvField(JSON.stringify({ prior: +e.prior.toFixed(3), contributions: e.contributions.map((c) => ({ ...c, weight: +c.weight.toFixed(3), tfAdjustment: +c.tfAdjustment.toFixed(3) })) })));
      }
      lines.push(row.join(','));
    }
    const text = lines.join('\n') + '\n';
    if (o.out) {
      // Write beside the target and rename, so a failed run never leaves a partial file.
      const tmp = `${o.out}.tmp-${process.pid}`;
      try {
        writeFileSync(tmp, text);
        renameSync(tmp, o.out);
      } catch (e) {
        rmSync(tmp, { force: true });
        throw e;
      }
    } else io.stdout.write(text);

    const s = result.stats;
    const summary = [
      `link: ${right ? 'linked' : 'deduplicated'} ${s.records} records in ${((performance.now() - started) / 1000).toFixed(1)} s (${Math.max(1, s.workers)} scoring threads)`,
      `link: pairs blocked (upper bound) ${s.candidatePairsUpperBound}, compared ${s.compared}, kept ${s.kept} at probability >= ${threshold}`,
      ...s.refinedBlocks.flatMap((k, r) => (k > 0 ? [`link: split ${k} large blocks of rule ${r + 1} by birth year, sex or place`] : [])),
      ...s.skippedBlocks.slice(0, 5).map((b) => `link: warning: skipped a block of ${b.size} records (rule ${b.rule + 1}) still too large after splitting; raise maxBlockSize or add fields to that rule`),
    ];
    if (!right) {
      const c = clusterPairs(records.length, result.left, result.right);
      summary.push(`link: ${c.count} clusters`);
      for (const w of c.warnings.slice(0, 5)) summary.push(`link: warning: a cluster of ${w.size} records (first id ${ids[w.cluster]}) is implausibly large; review it`);
    }
    summary.push(describeParams(result.params));
    io.stderr.write(summary.join('\n') + '\n');
    return EXIT.ok;
  },
};
