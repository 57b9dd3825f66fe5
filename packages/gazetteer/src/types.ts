/** Administrative level. Korean si/gun/guyok are county level; wards of a Korean city are township level. */
export type Level = 'province' | 'prefecture' | 'county' | 'township' | 'village';

export type Country = 'CN' | 'KP' | 'KR';

/** A place's names in every script a mother or a lead may use. */
export interface PlaceNames {
  /** Simplified Chinese (for Korean units: their hanja in simplified form), e.g. 龙井市. */
  zh: string;
  /** Traditional Chinese / hanja, e.g. 龍井市. */
  zhTraditional: string;
  /** Korean reading in DPRK and Yanbian spelling, e.g. 룡정시. */
  koreanDprk: string;
  /** Korean reading in ROK spelling (initial-sound rule), e.g. 용정시. */
  koreanRok: string;
  /** ROK transcription of the Mandarin name, e.g. 룽징 (empty for Korean units). */
  koreanFromMandarin: string;
  /** Toneless pinyin, e.g. "long jing shi". */
  pinyin: string;
  /** Revised Romanization (ROK), e.g. Yongjeong. */
  rr: string;
  /** McCune-Reischauer, e.g. Ryongjŏng. */
  mr: string;
  /** DPRK official romanisation as KCNA writes it, e.g. Ryongjong. */
  dprk: string;
  /** Historical, colloquial and English names, e.g. 간도 for Yanbian. */
  aliases: string[];
}

/** One administrative unit. */
export interface Place {
  /** Stable code: CN-<statistical code>, KP-NN[-slug], KR-NN[-slug]. */
  code: string;
  level: Level;
  country: Country;
  /** Parent code, or undefined for a province. */
  parent: string | undefined;
  names: PlaceNames;
}

/** A link in a place's hierarchy, from the province down to the place. */
export interface HierarchyItem { code: string; level: Level; zh: string; korean: string; }

/** One ranked answer of resolve(). */
export interface Candidate {
  code: string;
  level: Level;
  country: Country;
  names: PlaceNames;
  /** Province first, the place itself last. */
  hierarchy: HierarchyItem[];
  /** In [0, 1]; shared between near-equal candidates when the text is ambiguous. */
  confidence: number;
  /** Why this place: which part of the text matched which name. */
  explanation: string[];
}

export type Relation = 'same' | 'contains' | 'contained' | 'same-county' | 'same-prefecture' | 'same-province' | 'unrelated';
