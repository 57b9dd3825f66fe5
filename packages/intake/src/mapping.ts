import { z } from 'zod';
import { NameKindSchema, RelationSchema, ScriptSchema } from '@homeward/contracts';
import { ENCODINGS } from './decode.ts';
import { IntakeError } from './errors.ts';

/** The case fields a spreadsheet column can feed. */
export const TARGET_FIELDS = [
  'case.key',
  'applicant.name',
  'applicant.surname',
  'applicant.givenName',
  'applicant.birth',
  'applicant.sex',
  'applicant.lastKnownPlace',
  'applicant.safeContact',
  'sought.name',
  'sought.surname',
  'sought.givenName',
  'sought.birth',
  'sought.sex',
  'sought.relation',
  'sought.lastKnownPlace',
  'sought.separatedOn',
  'sought.separationCircumstances',
  'sought.notes',
  'notes',
  'ignore',
] as const;
export type TargetField = (typeof TARGET_FIELDS)[number];

export const ColumnMappingSchema = z.strictObject({
  /** The header text as it appears in the file. */
  header: z.string().min(1).max(500),
  /** 1-based column position; needed only when two columns share a header. */
  index: z.number().int().min(1).max(10_000).optional(),
  field: z.enum(TARGET_FIELDS),
  /** For name fields: the kind and script of every name in this column. */
  kind: NameKindSchema.optional(),
  script: ScriptSchema.optional(),
});
export type ColumnMapping = z.infer<typeof ColumnMappingSchema>;

/**
 * A saved mapping file (`homeward cases import FILE --mapping M`): how each
 * column of a spreadsheet becomes case fields. Strict, like the interchange
 * format: an unknown key is a typo that would silently drop data.
 */
export const MappingSchema = z.strictObject({
  version: z.literal(1),
  /** How to read the file, when detection should not decide: kept with the mapping so the CLI repeats it. */
  source: z
    .strictObject({
      headerRow: z.number().int().min(1).optional(),
      sheet: z.union([z.string().min(1).max(31), z.number().int().min(1)]).optional(),
      encoding: z.enum(ENCODINGS).optional(),
      delimiter: z.enum([',', ';', '\t', '|']).optional(),
    })
    .optional(),
  columns: z.array(ColumnMappingSchema).max(500),
  /**
   * Values the user chose for fields the sheet lacks, e.g. relation "child"
   * when every row is a child. Chosen by the user, so nothing is invented.
   */
  defaults: z.strictObject({ relation: RelationSchema.optional() }).default({}),
});
export type Mapping = z.infer<typeof MappingSchema>;
export type MappingInput = z.input<typeof MappingSchema>;

/**
 * Validates a mapping document (parsed JSON), reporting every problem with its path.
 * Throws IntakeError('intake.mapping_invalid').
 * Example: `parseMapping(JSON.parse(text))`.
 */
export function parseMapping(json: unknown): Mapping {
  const result = MappingSchema.safeParse(json);
  if (result.success) return result.data;
  const lines = result.error.issues.map((i) => `${i.path.map(String).join('.') || '(mapping)'}: ${i.message}`);
  throw new IntakeError('intake.mapping_invalid', `The mapping file is not valid: ${lines.join('; ')}`, {}, { issues: lines.length });
}

export interface ColumnSuggestion {
  /** 1-based column position. */
  index: number;
  header: string;
  field: TargetField;
  kind?: z.infer<typeof NameKindSchema>;
  script?: z.infer<typeof ScriptSchema>;
  /** 0..1. Under 0.5 the UI should ask rather than preselect. */
  score: number;
  /** Why, in one line: which word matched and how the person was chosen. */
  reason: string;
}

/** Something the sheet seems to lack; `code` for the UI to translate, `message` in English for the CLI. */
export interface MissingField {
  code: 'applicant_name' | 'sought_name' | 'relation';
  message: string;
}

export interface MappingSuggestion {
  mapping: Mapping;
  columns: ColumnSuggestion[];
  /** Required things the sheet seems to lack, e.g. no sought-person name column. */
  missing: MissingField[];
}

type Aspect =
  | 'name'
  | 'surname'
  | 'givenName'
  | 'birth'
  | 'sex'
  | 'relation'
  | 'lastKnownPlace'
  | 'separatedOn'
  | 'separationCircumstances'
  | 'notes'
  | 'safeContact'
  | 'key';

// Words are compared after normalisation (NFKC, lower case, no spaces or
// punctuation). Longer, more specific words are listed first within an aspect.
const ASPECT_WORDS: ReadonlyArray<readonly [Aspect, readonly string[]]> = [
  ['key', ['사례번호', '케이스번호', '접수번호', '관리번호', '案例编号', '编号', 'caseid', 'caseno', 'casenumber', 'reference']],
  ['separationCircumstances', ['이별경위', '헤어진경위', '이별사유', '경위', '分离经过', '分离原因', '经过', 'circumstances', 'separationcircumstances']],
  ['separatedOn', ['이별날짜', '이별일자', '이별일', '이별시기', '헤어진날짜', '헤어진시기', '분리일', '分离日期', '分离时间', '分开日期', '离别日期', 'separationdate', 'dateofseparation', 'separatedon', 'separated']],
  ['birth', ['생년월일', '출생일', '출생연도', '출생년도', '출생', '생일', '出生日期', '出生年月', '出生年份', '出生', '生日', 'dateofbirth', 'birthdate', 'birthday', 'dob', 'born', 'birth', '나이', '年龄', 'age']],
  ['sex', ['성별', '性别', 'gender', 'sex']],
  ['relation', ['신청인과의관계', '관계', '关系', '亲属关系', 'relationship', 'relation']],
  ['lastKnownPlace', ['마지막거주지', '최종거주지', '마지막주소', '마지막장소', '거주지', '주소', '장소', '最后居住地', '最后住址', '居住地', '住址', '地址', '地点', 'lastknownplace', 'lastknownaddress', 'lastseen', 'address', 'location', 'place', 'residence']],
  ['safeContact', ['안전연락방법', '연락방법', '연락처', '联系方式', '安全联系', 'safecontact', 'contact']],
  ['notes', ['메모', '비고', '참고', '특이사항', '备注', '说明', '附注', 'notes', 'note', 'remarks', 'comments', 'comment', 'memo']],
  ['surname', ['성씨', '姓氏', 'surname', 'familyname', 'lastname', '성', '姓']],
  ['givenName', ['givenname', 'firstname', 'forename', '名']],
  ['name', ['성명', '이름', '姓名', '名字', '名称', 'fullname', 'name', '别名', '별명', '아명', '小名', '昵称', 'nickname', 'alias']],
];

const APPLICANT_WORDS = ['신청인', '신청자', '어머니', '모친', '엄마', '의뢰인', '申请人', '申请者', '母亲', '妈妈', 'applicant', 'mother'];
const SOUGHT_WORDS = ['찾는사람', '찾는자녀', '자녀', '아이', '아동', '아들', '딸', '대상자', '子女', '孩子', '儿童', '寻找对象', '被寻找', '儿子', '女儿', 'sought', 'child', 'children', 'son', 'daughter', 'missing'];

const KIND_WORDS: ReadonlyArray<readonly [z.infer<typeof NameKindSchema>, readonly string[]]> = [
  ['nickname', ['별명', '아명', '애칭', '小名', '昵称', '乳名', 'nickname']],
  ['alias', ['가명', '다른이름', '化名', '别名', 'alias', 'aka']],
  ['chinese', ['중국이름', '중국명', '중문', '한자', '中文名', '中文', '汉字', '漢字', 'chinese']],
  ['korean', ['한국이름', '한국명', '조선이름', '한글', '韩文', '朝鲜文', '朝鲜名', 'korean', 'hangul']],
];

const LATIN_WORDS = ['영문', '로마자', '병음', '拼音', '英文', 'pinyin', 'romanised', 'romanized', 'latin', 'english'];

/** Lower case, NFKC, no whitespace or punctuation except parentheses' contents kept. */
export function normaliseHeader(header: string): string {
  return header
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\s_\-.:/\\·•*#()[\]{}<>「」『』【】]+/gu, '');
}

const containsAny = (h: string, words: readonly string[]): string | undefined => words.find((w) => h.includes(normaliseHeader(w)));

const NO_FIELD = ['출생지', '出生地', '籍贯', 'birthplace', 'placeofbirth'];

function aspectOf(h: string, tokens: readonly string[]): { aspect: Aspect; word: string; exact: boolean } | undefined {
  if (NO_FIELD.some((w) => h.includes(w))) return undefined;
  for (const [aspect, words] of ASPECT_WORDS) {
    for (const w of words) if (h === normaliseHeader(w)) return { aspect, word: w, exact: true };
  }
  // Longer words first: "母亲姓名" is a name, not a given name because it ends in 名.
  for (const [aspect, words] of ASPECT_WORDS) {
    for (const w of words) {
      const nw = normaliseHeader(w);
      if (nw.length < 2) continue;
      // Short Latin words (age, sex, dob) must be whole words: "village" is no age.
      if (/^[a-z]{1,4}$/.test(nw) ? tokens.includes(nw) : h.includes(nw)) return { aspect, word: w, exact: false };
    }
  }
  for (const [aspect, words] of ASPECT_WORDS) {
    for (const w of words) {
      const nw = normaliseHeader(w);
      // One-character words (성, 姓, 名) count only as the header's last character.
      if (nw.length === 1 && h.endsWith(nw)) return { aspect, word: w, exact: false };
    }
  }
  return undefined;
}

const GIVEN_WHEN_SPLIT = new Set(['이름', 'name', '名字']);

const PERSON_ASPECTS = new Set<Aspect>(['name', 'surname', 'givenName', 'birth', 'sex', 'lastKnownPlace']);

/**
 * Suggests how each column maps to case fields from header names in Korean,
 * English or Chinese, with a score and a reason per column. Columns it cannot
 * place are 'ignore' with score 0, so the user sees them. Which person a
 * column belongs to comes from words like 신청인/母亲/applicant or
 * 자녀/孩子/child; without one, the first name column is the applicant's
 * and later ones the sought person's, and birth/sex/place columns follow the
 * nearest name column before them.
 * Example: `suggestMapping(['신청인 이름', '자녀 이름', '생년월일']).mapping.columns[1].field === 'sought.name'`.
 */
export function suggestMapping(headers: readonly string[]): MappingSuggestion {
  const columns: ColumnSuggestion[] = [];
  let lastPerson: 'applicant' | 'sought' | undefined;
  let nameColumnsSeen = 0;
  const taken = new Set<string>();
  const matchedWord = new Map<number, string>();
  headers.forEach((header, i) => {
    const h = normaliseHeader(header);
    const index = i + 1;
    const hit = aspectOf(h, header.normalize('NFKC').toLowerCase().split(/[^a-z]+/u));
    if (!hit) {
      columns.push({ index, header, field: 'ignore', score: 0, reason: 'no known word in the header' });
      return;
    }
    matchedWord.set(index, hit.word);
    let score = hit.exact ? 0.95 : 0.8;
    let reason = `header ${hit.exact ? 'is' : 'contains'} "${hit.word}"`;
    let field: TargetField;
    if (hit.aspect === 'notes') field = 'notes';
    else if (hit.aspect === 'key') field = 'case.key';
    else if (hit.aspect === 'safeContact') field = 'applicant.safeContact';
    else if (hit.aspect === 'relation' || hit.aspect === 'separatedOn' || hit.aspect === 'separationCircumstances') field = `sought.${hit.aspect}`;
    else {
      const applicantWord = containsAny(h, APPLICANT_WORDS);
      const soughtWord = containsAny(h, SOUGHT_WORDS);
      let person: 'applicant' | 'sought';
      if (applicantWord && !soughtWord) {
        person = 'applicant';
        reason += `, "${applicantWord}" marks the applicant`;
      } else if (soughtWord && !applicantWord) {
        person = 'sought';
        reason += `, "${soughtWord}" marks the sought person`;
      } else if (PERSON_ASPECTS.has(hit.aspect) && (hit.aspect === 'name' || hit.aspect === 'surname') && !lastPerson) {
        person = nameColumnsSeen === 0 ? 'applicant' : 'sought';
        score -= 0.3;
        reason += `; no word says whose, so the first name column is taken as the applicant's`;
      } else if (hit.aspect === 'name' || hit.aspect === 'surname') {
        person = lastPerson === 'applicant' && (hit.aspect === 'name' ? !taken.has('applicant.name') : !taken.has('applicant.surname')) ? 'applicant' : 'sought';
        score -= 0.3;
        reason += `; no word says whose, so it is taken as the ${person === 'applicant' ? "applicant's" : "sought person's"} by position`;
      } else {
        person = lastPerson ?? 'sought';
        score -= 0.3;
        reason += `; no word says whose, so it follows the nearest name column before it (${person === 'applicant' ? 'applicant' : 'sought person'})`;
      }
      if (hit.aspect === 'name' || hit.aspect === 'surname' || hit.aspect === 'givenName') {
        lastPerson = person;
        nameColumnsSeen++;
      }
      field = `${person}.${hit.aspect}` as TargetField;
      if (!TARGET_FIELDS.includes(field)) field = 'ignore';
    }
    if (hit.word === '나이' || hit.word === '年龄' || hit.word === 'age') {
      score = Math.min(score, 0.5);
      reason += '; an age needs its year, e.g. 4세 (2016)';
    }
    const suggestion: ColumnSuggestion = { index, header, field, score: Math.round(score * 100) / 100, reason };
    if (field.endsWith('.name') || field.endsWith('.surname') || field.endsWith('.givenName')) {
      for (const [kind, words] of KIND_WORDS) {
        const w = containsAny(h, words);
        if (w) {
          suggestion.kind = kind;
          suggestion.reason += `; "${w}" marks ${kind} names`;
          break;
        }
      }
      const latin = containsAny(h, LATIN_WORDS);
      if (latin) {
        suggestion.script = 'latin';
        suggestion.reason += `; "${latin}" marks Latin script`;
      }
    }
    // A second column for a single-valued field (two birth columns) is a question for the user.
    const singleValued = !/\.(name|surname|givenName)$/.test(field) && field !== 'notes' && field !== 'ignore';
    if (singleValued && taken.has(field)) {
      suggestion.score = Math.min(suggestion.score, 0.3);
      suggestion.reason += '; another column already maps to this field';
    }
    taken.add(field);
    columns.push(suggestion);
  });

  // Beside a surname column, 이름 / name / 名字 means the given name (성 + 이름 is how Korean forms split it).
  for (const person of ['applicant', 'sought'] as const) {
    if (!columns.some((c) => c.field === `${person}.surname`) || columns.some((c) => c.field === `${person}.givenName`)) continue;
    for (const c of columns) {
      if (c.field === `${person}.name` && !c.kind && GIVEN_WHEN_SPLIT.has(matchedWord.get(c.index) ?? '')) {
        c.field = `${person}.givenName`;
        c.reason += '; beside a surname column it is the given name';
      }
    }
  }

  const missing: MissingField[] = [];
  const has = (p: RegExp) => columns.some((c) => p.test(c.field));
  if (!has(/^applicant\.(name|surname|givenName)$/)) missing.push({ code: 'applicant_name', message: "no column for the applicant's name" });
  if (!has(/^sought\.(name|surname|givenName)$/)) missing.push({ code: 'sought_name', message: "no column for the sought person's name" });
  if (!has(/^sought\.relation$/)) missing.push({ code: 'relation', message: 'no relation column: choose a default relation (e.g. child) or add one' });

  const mapping: Mapping = {
    version: 1,
    columns: columns.map((c) => ({
      header: c.header,
      ...(headers.indexOf(c.header) !== c.index - 1 || headers.lastIndexOf(c.header) !== c.index - 1 ? { index: c.index } : {}),
      field: c.field,
      ...(c.kind ? { kind: c.kind } : {}),
      ...(c.script ? { script: c.script } : {}),
    })),
    defaults: {},
  };
  return { mapping, columns, missing };
}
