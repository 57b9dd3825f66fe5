import type {
  Duplicate, DuplicateCheckInput, MatchDecisionInput, MatchDetail, MatchListQuery, MatchStatus, MatchSummary, RetrainReport, SearchHit, SearchInput,
} from '@homeward/contracts';
import { apiRequest } from '../api/client.ts';

// Matching: review queue, comparison, decisions, duplicate check and search
// (issue #7). Only types come from the contracts. Names only ever travel in
// POST bodies, never in a URL.

/** As MatchStatusSchema in the contracts; the compiler checks the two agree. */
export const MATCH_STATUSES = ['open', 'needs_info', 'confirmed', 'rejected'] as const satisfies readonly MatchStatus[];

const enc = encodeURIComponent;

export const matchApi = {
  list: (q: MatchListQuery) => {
    const params = new URLSearchParams();
    if (q.filter) params.set('filter', q.filter);
    if (q.status) params.set('status', q.status);
    const s = params.toString();
    return apiRequest<{ items: MatchSummary[] }>('GET', `/api/matches${s ? `?${s}` : ''}`);
  },
  get: (id: string) => apiRequest<MatchDetail>('GET', `/api/matches/${enc(id)}`),
  decide: (id: string, input: MatchDecisionInput) => apiRequest<MatchDetail>('POST', `/api/matches/${enc(id)}/decision`, input),
  check: (input: DuplicateCheckInput, signal?: AbortSignal) => apiRequest<{ items: Duplicate[] }>('POST', '/api/matches/check', input, signal),
  search: (input: SearchInput) => apiRequest<{ items: SearchHit[] }>('POST', '/api/search', input),
  retrain: () => apiRequest<RetrainReport>('POST', '/api/matches/retrain'),
};

/** A probability as a whole percentage. Example: `percent(0.834) === '83%'`. */
export function percent(p: number): string {
  return `${Math.round(p * 100)}%`;
}
