import { EXIT, UsageError, parseFlags, type CliIo, type Command } from '../command.ts';

const USAGE = `usage: homeward places resolve TEXT [--json] [--limit N] [--country CN|KP|KR] [--within CODE]
       homeward places show CODE [--json]
       homeward places relation CODE_A CODE_B

  resolve    ranked places for free text in any script (용정시 삼합진, Longjing Sanhe, 延边龙井三合镇)
  show       one place by its code, with its names in every script and its hierarchy
  relation   same | contains | contained | same-county | same-prefecture | same-province | unrelated`;

const COUNTRIES = new Set(['CN', 'KP', 'KR']);

export const command: Command = {
  summary: 'resolve place names in any script; show a place; relate two places',
  async run(argv: string[], io: CliIo) {
    const parsed = parseFlags({
        args: argv,
        allowPositionals: true,
        options: {
          json: { type: 'boolean', default: false },
          limit: { type: 'string' },
          country: { type: 'string' },
          within: { type: 'string' },
          help: { type: 'boolean', short: 'h', default: false },
        },
      }, USAGE);
    const { values, positionals } = parsed;
    const [sub, ...rest] = positionals;
    if (values.help || !sub) {
      io.stdout.write(USAGE + '\n');
      return values.help ? EXIT.ok : EXIT.usage;
    }
    if (!['resolve', 'show', 'relation'].includes(sub)) throw new UsageError(`unknown subcommand "${sub}"\n${USAGE}`);
    const text = rest.join(' ').trim();
    const limit = values.limit === undefined ? 10 : Number(values.limit);
    const country = values.country?.toUpperCase();
    if (sub === 'resolve') {
      if (!text) throw new UsageError(`resolve needs TEXT\n${USAGE}`);
      if (!Number.isInteger(limit) || limit < 1 || limit > 100) throw new UsageError('--limit must be a whole number from 1 to 100');
      if (country !== undefined && !COUNTRIES.has(country)) throw new UsageError('--country must be CN, KP or KR');
    }
    // Loaded only now, so bad usage and `homeward help` do not pay for the dataset.
    const gz = await import('@homeward/gazetteer');
    if (sub === 'resolve') {
      if (values.within !== undefined && !gz.byCode(values.within)) throw new UsageError('--within: unknown place code');
      const candidates = gz.resolve(text, { limit, country: country as 'CN' | 'KP' | 'KR' | undefined, within: values.within });
      if (values.json) {
        io.stdout.write(JSON.stringify({ candidates }, null, 2) + '\n');
        return EXIT.ok;
      }
      if (!candidates.length) {
        io.stdout.write('no place found; keep the text as it was said\n');
        return EXIT.ok;
      }
      candidates.forEach((c, i) => {
        const n = c.names;
        io.stdout.write(`${i + 1}. ${c.code}  ${c.level}  confidence ${c.confidence}\n`);
        io.stdout.write(`   ${c.hierarchy.map((h) => h.zh || h.korean).join(' > ')}\n`);
        io.stdout.write(`   ${[n.zh, n.zhTraditional !== n.zh ? n.zhTraditional : '', n.koreanDprk, n.koreanRok !== n.koreanDprk ? n.koreanRok : '', n.koreanFromMandarin, n.pinyin, n.rr, n.mr, n.dprk].filter(Boolean).join(' | ')}\n`);
        for (const e of c.explanation) io.stdout.write(`   - ${e}\n`);
      });
      return EXIT.ok;
    }
    if (sub === 'show') {
      if (rest.length !== 1) throw new UsageError(`show needs one CODE\n${USAGE}`);
      const place = gz.byCode(rest[0]!);
      if (!place) throw new UsageError('unknown place code');
      const out = { ...place, hierarchy: gz.hierarchy(place.code) };
      if (values.json) io.stdout.write(JSON.stringify(out, null, 2) + '\n');
      else {
        const n = place.names;
        io.stdout.write(`${place.code}  ${place.level}\n   ${out.hierarchy.map((h) => h.zh || h.korean).join(' > ')}\n`);
        io.stdout.write(`   ${[n.zh, n.zhTraditional, n.koreanDprk, n.koreanRok, n.koreanFromMandarin, n.pinyin, n.rr, n.mr, n.dprk, ...n.aliases].filter(Boolean).join(' | ')}\n`);
      }
      return EXIT.ok;
    }
    if (sub === 'relation') {
      if (rest.length !== 2) throw new UsageError(`relation needs two codes\n${USAGE}`);
      if (!gz.byCode(rest[0]!) || !gz.byCode(rest[1]!)) throw new UsageError('unknown place code');
      const r = gz.relation(rest[0]!, rest[1]!);
      io.stdout.write((values.json ? JSON.stringify({ relation: r }) : r) + '\n');
      return EXIT.ok;
    }
    throw new UsageError(`unknown subcommand "${sub}"`);
  },
};
