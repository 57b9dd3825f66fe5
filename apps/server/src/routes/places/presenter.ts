import type { PlaceCandidate, PlaceResolveResult } from '@homeward/contracts';
import type { PlaceMatch } from '../../services/places.ts';

/** Service matches -> the response body, best first. Example: `presentCandidates([])` is `{ candidates: [] }`. */
export function presentCandidates(matches: readonly PlaceMatch[]): PlaceResolveResult {
  return {
    candidates: matches.map((m): PlaceCandidate => ({
      ...m.place,
      confidence: Math.min(1, Math.max(0, m.confidence)),
      explanation: m.explanation,
    })),
  };
}
