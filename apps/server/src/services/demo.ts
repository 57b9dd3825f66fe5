import { randomBytes } from 'node:crypto';
import type { FileCase, LeadInput, Relation, Role } from '@homeward/contracts';
import { newRecordKey, openRecord } from '../crypto/envelope.ts';
import { getMeta, setMeta } from '../db/repositories/meta.ts';
import { countUsers } from '../db/repositories/users.ts';
import { OPERATOR, ServiceError, type Deps } from './context.ts';
import { importCases } from './cases.ts';
import { createLead } from './leads.ts';
import { createUser } from './users.ts';

const DEMO_KEY = 'demo';
const CREDENTIALS_KEY = 'demo_credentials';

export interface DemoCredential {
  email: string;
  password: string;
  totpSecret: string;
  role: Role;
  displayName: string;
}

// Fictional building blocks. Combinations are random; any resemblance to a
// real person is accidental.
const KO_SURNAMES = [['김', '金', 'Kim'], ['리', '李', 'Ri'], ['박', '朴', 'Pak'], ['최', '崔', 'Choe'], ['정', '鄭', 'Jong'], ['한', '韓', 'Han'], ['조', '趙', 'Jo'], ['강', '姜', 'Kang']] as const;
const KO_GIVEN = [['영희', '英姬', 'Yong-hui'], ['순옥', '順玉', 'Sun-ok'], ['명숙', '明淑', 'Myong-suk'], ['은정', '恩貞', 'Un-jong'], ['춘화', '春花', 'Chun-hwa'], ['옥련', '玉蓮', 'Ok-ryon'], ['경희', '京姬', 'Kyong-hui'], ['금순', '今順', 'Kum-sun']] as const;
const CN_SURNAMES = [['王', 'Wang'], ['张', 'Zhang'], ['刘', 'Liu'], ['陈', 'Chen'], ['杨', 'Yang'], ['赵', 'Zhao'], ['孙', 'Sun'], ['马', 'Ma']] as const;
const CN_GIVEN = [['美玲', 'Meiling'], ['小龙', 'Xiaolong'], ['海燕', 'Haiyan'], ['建华', 'Jianhua'], ['丽丽', 'Lili'], ['明', 'Ming'], ['春梅', 'Chunmei'], ['志强', 'Zhiqiang']] as const;
const NICKNAMES = ['꼬마', '小宝', '뚱뚱이', '丫丫', 'Bao', '막내'];
const PLACES = ['延吉市 (Yanji), near the bus station', '龙井 (Longjing), a village to the south', '图们 (Tumen), by the river', '和龙 (Helong), a farm outside town', '珲春 (Hunchun), market district', '牡丹江 (Mudanjiang)', '沈阳 (Shenyang), Xita area', '안도현 (Antu county)'];
const CIRCUMSTANCES = [
  'Left with the husband\'s family when she fled after a police check.',
  'Sent to live with the grandmother in the village; the mother was arrested and repatriated.',
  'The mother escaped at night; the child was asleep and stayed behind.',
  'The broker promised to bring the child later; this never happened.',
];

/** Small seeded PRNG (mulberry32) so a demo is reproducible when asked to be. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/**
 * Fictional cases in the interchange format: Korean mothers, children with
 * Chinese and Korean names, partial dates, places in the border region.
 * Example: `generateDemoCases(24, 7).length === 24`.
 */
export function generateDemoCases(n: number, seed: number): FileCase[] {
  const r = rng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
  const year = new Date().getUTCFullYear();
  const statuses = ['open', 'tracing', 'tracing', 'located', 'in_contact', 'reunited', 'closed'] as const;
  const out: FileCase[] = [];
  for (let i = 0; i < n; i++) {
    const [ks, kh, kl] = pick(KO_SURNAMES);
    const [gs, gh, gl] = pick(KO_GIVEN);
    const sought: FileCase['sought'] = [];
    const children = r() < 0.25 ? 2 : 1;
    for (let j = 0; j < children; j++) {
      const [cs, cl] = pick(CN_SURNAMES);
      const [cg, cgl] = pick(CN_GIVEN);
      const sex = r() < 0.5 ? 'female' : 'male';
      const relation: Relation = sex === 'female' ? 'daughter' : 'son';
      const born = 2005 + Math.floor(r() * 12);
      const names: FileCase['sought'][number]['names'] = [{ text: `${cs}${cg}`, script: 'hanzi-simplified', kind: 'chinese' }, { text: `${cl} ${cgl}`, script: 'latin', kind: 'chinese' }];
      if (r() < 0.4) names.push({ text: pick(NICKNAMES), kind: 'nickname' });
      const separated = Math.min(year, born + 1 + Math.floor(r() * 8));
      sought.push({
        names,
        sex,
        relation,
        birth: r() < 0.5 ? { year: born } : r() < 0.5 ? { year: born, month: 1 + Math.floor(r() * 12) } : { approxAge: separated - born, atYear: separated },
        lastKnownPlace: pick(PLACES),
        separatedOn: r() < 0.6 ? { year: separated } : { year: separated, month: 1 + Math.floor(r() * 12) },
        separationCircumstances: pick(CIRCUMSTANCES),
      });
    }
    out.push({
      status: pick(statuses),
      riskLevel: r() < 0.3 ? 'high' : r() < 0.6 ? 'medium' : 'low',
      riskNotes: 'Fictional demo case. ' + (r() < 0.5 ? 'Her present husband does not know about the children.' : 'Relatives in the North; keep her name out of any document.'),
      applicant: {
        names: [{ text: `${ks}${gs}`, script: 'hangul', kind: 'korean' }, { text: `${kh}${gh}`, script: 'hanzi-traditional', kind: 'legal' }, { text: `${kl} ${gl}`, script: 'latin', kind: 'legal' }],
        sex: 'female',
        birth: { year: 1970 + Math.floor(r() * 20) },
        safeContact: r() < 0.5 ? 'Weekday mornings only, through the NGO office phone.' : 'Text message first; never call in the evening.',
      },
      sought,
      consents: [{ purpose: 'tracing', givenOn: { year: year - 1, month: 1 + Math.floor(r() * 12) } }],
      notes: 'Fictional demo data, generated.',
    });
  }
  return out;
}

/** True when the database has neither users nor cases. */
async function isEmpty(deps: Deps): Promise<boolean> {
  const cases = await deps.db.selectFrom('cases').select('id').limit(1).execute();
  return (await countUsers(deps.db)) === 0 && cases.length === 0;
}

/**
 * Makes sure the database is a demo database: fills an empty one (marking it
 * as demo) or accepts one already marked; refuses anything holding real data.
 * Returns the demo users' credentials.
 */
export async function prepareDemo(deps: Deps, opts: { cases?: number; seed?: number } = {}): Promise<DemoCredential[]> {
  const marked = (await getMeta(deps.db, DEMO_KEY)) === 'true';
  if (!marked) {
    if (!(await isEmpty(deps))) {
      throw new ServiceError('VALIDATION_FAILED', 'this data directory holds real (non-demo) data; the demo runs only on its own data directory (default ./data-demo)');
    }
    await setMeta(deps.db, DEMO_KEY, 'true');
    const creds: DemoCredential[] = [];
    const people = [
      { email: 'admin@demo.invalid', displayName: 'Demo Administrator', role: 'administrator' as const },
      { email: 'caseworker@demo.invalid', displayName: 'Demo Caseworker', role: 'caseworker' as const },
      // One of each other role, so every part of the app can be seen in the demo.
      { email: 'partner@demo.invalid', displayName: 'Demo Field Partner', role: 'field_partner' as const },
      { email: 'advocate@demo.invalid', displayName: 'Demo Advocate', role: 'advocate' as const },
      { email: 'auditor@demo.invalid', displayName: 'Demo Auditor', role: 'auditor' as const },
    ];
    for (const p of people) {
      const password = `demo-${randomBytes(9).toString('base64url')}`;
      const { totpSecret } = await createUser(deps, OPERATOR, { ...p, password });
      creds.push({ ...p, password, totpSecret });
    }
    const key = newRecordKey(deps.kr, 'meta', CREDENTIALS_KEY);
    await setMeta(deps.db, CREDENTIALS_KEY, JSON.stringify({ wrapped: key.wrapped, sealed: key.seal('value', creds) }));
    await importCases(deps, OPERATOR, generateDemoCases(opts.cases ?? 24, opts.seed ?? Date.now() % 100_000));
    const caseRows = await deps.db.selectFrom('cases').select(['id']).orderBy('ref_seq').execute();
    // Need-to-know: a case nobody holds is seen by nobody, so the demo hands half
    // to the caseworker and half to the administrator.
    const worker = await deps.db.selectFrom('users').select('id').where('role', '=', 'caseworker').executeTakeFirst();
    const admin = await deps.db.selectFrom('users').select('id').where('role', '=', 'administrator').executeTakeFirst();
    for (const [holder, parity] of [[worker, 0], [admin, 1]] as const) {
      const ids = caseRows.filter((_, i) => i % 2 === parity).map((c) => c.id);
      if (holder && ids.length) await deps.db.updateTable('cases').set({ assigned_to: holder.id }).where('id', 'in', ids).execute();
    }
    const leads: LeadInput[] = [
      { names: [{ text: '리미령' }, { text: '李美玲' }], approxAge: { age: 14, atYear: new Date().getUTCFullYear() - 1 }, sex: 'female', place: '延吉 (Yanji)', source: 'Fictional field partner A', reliability: 'medium', receivedOn: { year: new Date().getUTCFullYear() } },
      { names: [{ text: 'Zhang Xiaolong' }], sex: 'male', place: 'Longjing middle school', source: 'Fictional church contact', reliability: 'low', receivedOn: { year: new Date().getUTCFullYear(), month: 1 }, caseId: caseRows[0]?.id ?? null },
      { names: [{ text: '왕해연' }], source: 'Fictional former neighbour', reliability: 'unknown', receivedOn: { year: new Date().getUTCFullYear() - 1 } },
    ];
    for (const l of leads) await createLead(deps, OPERATOR, l);
    return creds;
  }
  const stored = await getMeta(deps.db, CREDENTIALS_KEY);
  if (!stored) return [];
  const { wrapped, sealed } = JSON.parse(stored) as { wrapped: string; sealed: string };
  return openRecord(deps.kr, 'meta', CREDENTIALS_KEY, wrapped)('value', sealed) as DemoCredential[];
}
