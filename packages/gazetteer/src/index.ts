/**
 * @homeward/gazetteer: places of China (every province, prefecture, county
 * and township; every village of Jilin, Heilongjiang and Liaoning), North
 * Korea and South Korea, in every script, resolved from free text. Pure: the
 * data ships in data/gazetteer.bin.gz and loads once, on first use.
 */
export { resolve, type ResolveOptions } from './resolve.ts';
export { relation, byCode, hierarchy, children, preload } from './relation.ts';
export { suggest } from './suggest.ts';
export type { Candidate, Place, PlaceNames, HierarchyItem, Level, Country, Relation } from './types.ts';
