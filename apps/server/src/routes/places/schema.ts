import { PlaceResolveInputSchema, PlaceResolveResultSchema } from '@homeward/contracts';

/** POST /api/places/resolve: a POST, not a GET with ?q=, so the place a mother named never sits in a URL or an access log. */
export const resolveSchema = {
  body: PlaceResolveInputSchema,
  response: { 200: PlaceResolveResultSchema },
};

/** Candidates when the request names no limit: enough for an autocomplete list. */
export const DEFAULT_LIMIT = 8;

/**
 * Autocomplete asks on (debounced) keystrokes; this bounds what one session
 * can make the server resolve, and so how fast anyone could walk the dataset.
 */
export const RESOLVE_RATE_LIMIT = { max: 240, timeWindow: 60_000 };
