import type { Release } from './release.ts';

export type NoteLang = 'en' | 'ko' | 'zh';

const TOTAL = '(total)';

/**
 * The methodology note that travels with every export of a release (CSV,
 * JSON, PDF, chart): data date, suppression rule, rounding and definitions.
 *
 * @example
 * methodologyNote(release, 'ko') // '자료 기준일: 2026-11-29\n...'
 */
export function methodologyNote(release: Release, lang: NoteLang): string {
  const withheld = release.tables.filter((t) => t.withheld).map((t) => t.id);
  const t = release.threshold;
  const w = release.minIntervalWidth;
  const text: Record<NoteLang, string[]> = {
    en: [
      `Data as of: ${release.dataDate}.`,
      `Counts of 1 to ${t - 1} are suppressed (shown as "x"). Further cells are suppressed so that no suppressed count can be worked out, or narrowed to fewer than ${w + 1} possible values, from totals or from any other table of this release.`,
      'Zeros are shown, except in tables withheld whole.',
      'Published counts are exact: no rounding, so rows and columns add up to their totals.',
      'Ages and years since separation are computed from the dates as remembered (year, month or approximate age); a band is given only when every possible exact date falls in it, otherwise the person is counted as "unknown".',
      'Missing values are counted as "unknown". Places are the last known place; a prefecture is written "province/prefecture".',
      ...(withheld.length > 0 ? [`Withheld to protect small numbers: ${withheld.join(', ')}.`] : []),
    ],
    ko: [
      `자료 기준일: ${release.dataDate}.`,
      `1에서 ${t - 1}까지의 수는 표시하지 않습니다("x"). 또한 합계나 같은 발표의 다른 표로부터 가려진 수를 계산해 내거나 가능한 값 ${w + 1}개 미만으로 좁힐 수 없도록 추가로 몇몇 칸을 가립니다.`,
      '0은 표시합니다. 다만 표 전체를 가린 경우는 예외입니다.',
      '표시된 수는 반올림하지 않은 정확한 수이며, 행과 열의 합은 합계와 일치합니다.',
      '나이와 헤어진 지 경과한 햇수는 기억하는 날짜(연도, 월 또는 대략의 나이)로 계산하며, 가능한 모든 날짜가 한 구간에 들어갈 때만 그 구간에 넣고 그렇지 않으면 "알 수 없음"으로 셉니다.',
      '값이 없는 경우 "알 수 없음"으로 셉니다. 장소는 마지막으로 확인된 장소이며, 지급시는 "성/지급시"로 적습니다.',
      ...(withheld.length > 0 ? [`적은 수를 보호하기 위해 전체를 가린 표: ${withheld.join(', ')}.`] : []),
    ],
    zh: [
      `数据截至：${release.dataDate}。`,
      `1至${t - 1}的计数不予公布（显示为"x"）。另有部分单元格被一并隐藏，使任何被隐藏的计数都无法通过合计或本次发布的其他表格推算出来，也无法缩小到少于${w + 1}个可能的数值。`,
      '零值照常显示，整表隐藏的表格除外。',
      '公布的计数为精确值，未作舍入，行列之和与合计一致。',
      '年龄及分离年数按当事人记得的日期（年份、月份或大约年龄）计算；只有当所有可能的确切日期都落在同一区间时才归入该区间，否则计为"不详"。',
      '缺失值计为"不详"。地点为最后已知地点；地级行政区写作"省/地级市"。',
      ...(withheld.length > 0 ? [`为保护小数目而整表隐藏：${withheld.join(', ')}。`] : []),
    ],
  };
  return text[lang].join('\n') + '\n';
}

function csvField(v: string): string {
  // A spreadsheet would run a cell starting with one of these as a formula.
  const safe = /^[=+\-@\t\r]/.test(v) ? `'${v}` : v;
  return `"${safe.replace(/"/g, '""')}"`;
}

/**
 * A release as CSV, one row per cell: suppressed cells have an empty count
 * and suppressed=1. Totals are written "(total)".
 *
 * @example
 * releaseToCsv(release).split('\n')[0] // '"unit","table","variable_1","category_1","variable_2","category_2","count","suppressed"'
 */
export function releaseToCsv(release: Release): string {
  const out = [['unit', 'table', 'variable_1', 'category_1', 'variable_2', 'category_2', 'count', 'suppressed'].map(csvField).join(',')];
  for (const t of release.tables) {
    for (const c of t.cells) {
      const [a, b] = t.variables;
      out.push(
        [t.unit, t.id, a ?? '', c.key[a!] ?? TOTAL, b ?? '', b === undefined ? '' : (c.key[b] ?? TOTAL), c.value === null ? '' : String(c.value), c.value === null ? '1' : '0']
          .map(csvField)
          .join(','),
      );
    }
  }
  return out.join('\r\n') + '\r\n';
}
