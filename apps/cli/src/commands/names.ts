import { createReadStream } from 'node:fs';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import type * as NamesModule from '@homeward/names';
import { EXIT, UsageError, parseFlags, type CliIo, type Command } from '../command.ts';

const USAGE = `usage: homeward names variants TEXT [--json]
       homeward names score A B [--json]
       homeward names score --tsv FILE|-

  variants   every form of a name: Hangul (North and South spelling), Chinese
             characters' readings, pinyin, RR / MR / DPRK / passport romanisations
  score      similarity in [0, 1] of two names in any script; --json adds the
             explanation. With --tsv, each input line "a<TAB>b" gives an output
             line "score<TAB>same" (same = 1 at or above the default threshold),
             in input order; "-" reads standard input.`;

type Names = typeof NamesModule;

const fmt = (x: number): string => String(Number(x.toFixed(6)));

// Writes respecting back-pressure so 100,000 lines stream without piling up in memory.
function writer(out: NodeJS.WritableStream): { write(s: string): Promise<void>; flush(): Promise<void> } {
  let buf = '';
  const push = (chunk: string): Promise<void> =>
    new Promise((resolve) => {
      if (out.write(chunk)) resolve();
      else out.once('drain', () => resolve());
    });
  return {
    async write(s: string) {
      buf += s;
      if (buf.length >= 64 * 1024) {
        const chunk = buf;
        buf = '';
        await push(chunk);
      }
    },
    async flush() {
      if (buf) {
        const chunk = buf;
        buf = '';
        await push(chunk);
      }
    },
  };
}

async function scoreTsv(names: Names, file: string, io: CliIo): Promise<number> {
  let input: NodeJS.ReadableStream = io.stdin;
  if (file !== '-') {
    const stream = createReadStream(file);
    // Fail on an unreadable file as bad input, naming only the path the user gave.
    try {
      await once(stream, 'open');
    } catch {
      throw new UsageError(`cannot read ${file}`);
    }
    input = stream;
  }
  const out = writer(io.stdout);
  // Names repeat across lines (one lead against many sought people): prepare each once.
  const cache = new Map<string, ReturnType<Names['prepare']>>();
  const prep = (s: string) => {
    let p = cache.get(s);
    if (!p) {
      if (cache.size >= 20_000) cache.clear();
      p = names.prepare(s);
      cache.set(s, p);
    }
    return p;
  };
  const rl = createInterface({ input, crlfDelay: Infinity });
  let n = 0;
  for await (const raw of rl) {
    n++;
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    const fields = line.split('\t');
    // Never echo the line: it holds names.
    if (fields.length !== 2) {
      await out.flush();
      rl.close();
      throw new UsageError(`line ${n}: expected two names separated by one tab, found ${fields.length} field${fields.length === 1 ? '' : 's'}`);
    }
    const s = names.scorePrepared(prep(fields[0]!), prep(fields[1]!));
    await out.write(`${fmt(s)}\t${s >= names.DEFAULT_THRESHOLD ? 1 : 0}\n`);
  }
  await out.flush();
  return EXIT.ok;
}

export const command: Command = {
  summary: 'name variants across Hangul, Chinese characters, pinyin and romanisations; similarity scores',
  async run(argv: string[], io: CliIo) {
    const parsed = parseFlags({
        args: argv,
        allowPositionals: true,
        options: {
          json: { type: 'boolean', default: false },
          tsv: { type: 'string' },
          help: { type: 'boolean', short: 'h', default: false },
        },
      }, USAGE);
    const { values, positionals } = parsed;
    const [sub, ...rest] = positionals;
    if (values.help || !sub) {
      io.stdout.write(USAGE + '\n');
      return values.help ? EXIT.ok : EXIT.usage;
    }
    const names = await import('@homeward/names');
    if (sub === 'variants') {
      if (values.tsv !== undefined) throw new UsageError(`--tsv belongs to "score"\n${USAGE}`);
      const text = rest.join(' ').trim();
      if (!text) throw new UsageError(`variants needs TEXT\n${USAGE}`);
      const vs = names.variants(text);
      if (values.json) {
        io.stdout.write(JSON.stringify({ input: text, parts: names.parseName(text), variants: vs }, null, 2) + '\n');
        return EXIT.ok;
      }
      for (const v of vs) io.stdout.write(`${v.space}\t${v.text}\t${v.path.join(' → ')}\n`);
      return EXIT.ok;
    }
    if (sub === 'score') {
      if (values.tsv !== undefined) {
        if (rest.length > 0) throw new UsageError(`score --tsv takes no names on the command line\n${USAGE}`);
        if (values.json) throw new UsageError('--json cannot be combined with --tsv');
        return scoreTsv(names, values.tsv, io);
      }
      if (rest.length !== 2) throw new UsageError(`score needs two names A B (quote names with spaces)\n${USAGE}`);
      const e = names.score(rest[0]!, rest[1]!);
      if (values.json) {
        io.stdout.write(JSON.stringify({ ...e, threshold: names.DEFAULT_THRESHOLD, same: e.score >= names.DEFAULT_THRESHOLD }, null, 2) + '\n');
        return EXIT.ok;
      }
      io.stdout.write(`${fmt(e.score)}\n`);
      return EXIT.ok;
    }
    throw new UsageError(`unknown subcommand "${sub}"\n${USAGE}`);
  },
};
