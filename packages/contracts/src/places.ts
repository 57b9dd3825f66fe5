import { z } from 'zod';

// Places as @homeward/gazetteer knows them. The contracts check only the
// shape of a code; whether it names a real place is the server's check
// (the dataset is too large for the browser bundle).

export const PLACE_LEVELS = ['province', 'prefecture', 'county', 'township', 'village'] as const;
export const PLACE_COUNTRIES = ['CN', 'KP', 'KR'] as const;

export const PlaceLevelSchema = z.enum(PLACE_LEVELS);
export const PlaceCountrySchema = z.enum(PLACE_COUNTRIES);
export type PlaceLevel = z.infer<typeof PlaceLevelSchema>;
export type PlaceCountry = z.infer<typeof PlaceCountrySchema>;

/**
 * A gazetteer code at the precision the person gave: `CN-<NBS code>` (2 to 12
 * digits), `KP-NN` / `KR-NN`, or `KP-NN-slug` / `KR-NN-slug` below them.
 * Example: `PlaceCodeSchema.parse('CN-222405')` (Longjing).
 */
export const PlaceCodeSchema = z
  .string()
  .max(64, 'must be at most 64 characters')
  .regex(/^(CN-\d{2,12}|K[PR]-\d{2}(-[a-z0-9]+)*)$/, 'must be a place code');
export type PlaceCode = z.infer<typeof PlaceCodeSchema>;

/** One name in the three display languages: Korean (ROK spelling), simplified Chinese, a romanisation. */
export const PlaceDisplaySchema = z.object({ ko: z.string(), zh: z.string(), en: z.string() });
export type PlaceDisplay = z.infer<typeof PlaceDisplaySchema>;

/** A place's names in every script (as @homeward/gazetteer's PlaceNames). */
export const PlaceNamesSchema = z.object({
  zh: z.string(),
  zhTraditional: z.string(),
  koreanDprk: z.string(),
  koreanRok: z.string(),
  koreanFromMandarin: z.string(),
  pinyin: z.string(),
  rr: z.string(),
  mr: z.string(),
  dprk: z.string(),
  aliases: z.array(z.string()),
});
export type PlaceNames = z.infer<typeof PlaceNamesSchema>;

/** A link of a hierarchy, province first. */
export const PlaceHierarchyItemSchema = z.object({ code: z.string(), level: PlaceLevelSchema, display: PlaceDisplaySchema });
export type PlaceHierarchyItem = z.infer<typeof PlaceHierarchyItemSchema>;

/** A place as the API shows it: beside a stored code, and in every candidate. */
export const PlaceSchema = z.object({
  code: z.string(),
  level: PlaceLevelSchema,
  country: PlaceCountrySchema,
  display: PlaceDisplaySchema,
  names: PlaceNamesSchema,
  /** Province first, the place itself last. */
  hierarchy: z.array(PlaceHierarchyItemSchema),
});
export type Place = z.infer<typeof PlaceSchema>;

/** Request of POST /api/places/resolve (a POST so the typed place never sits in a URL). */
export const PlaceResolveInputSchema = z.object({
  q: z.string().trim().min(1, 'must not be empty').max(500, 'must be at most 500 characters'),
  limit: z.number().int('must be a whole number').min(1, 'must be 1-20').max(20, 'must be 1-20').optional(),
});
export type PlaceResolveInput = z.infer<typeof PlaceResolveInputSchema>;

export const PlaceCandidateSchema = PlaceSchema.extend({
  /** In [0, 1]; 0 for a place offered only because a name starts with the text typed so far. */
  confidence: z.number().min(0).max(1),
  /** Why this place (English, from the gazetteer; for the curious, not translated). */
  explanation: z.array(z.string()),
});
export type PlaceCandidate = z.infer<typeof PlaceCandidateSchema>;

export const PlaceResolveResultSchema = z.object({ candidates: z.array(PlaceCandidateSchema) });
export type PlaceResolveResult = z.infer<typeof PlaceResolveResultSchema>;
