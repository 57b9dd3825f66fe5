import { refineIssueCode } from '../lib/errors.ts';
import type {
  CaseDetail,
  CaseInput,
  CaseStatus,
  CaseSummary,
  CaseUpdate,
  HistoryEntry,
  Issue,
  Lead,
  LeadInput,
  LeadUpdate,
  LoginInput,
  PlaceResolveInput,
  PlaceResolveResult,
  SessionUser,
  SetupEnrolment,
  SetupStart,
  UserList,
} from './types.ts';

/**
 * A failed API call, carrying the server's stable code (translated by the UI)
 * and, for validation failures, the issues with their field paths.
 * The server's English `message` is deliberately not kept: the UI shows only
 * translated text, and a message could carry details we do not want on screen.
 */
export class ApiError extends Error {
  readonly code: string;
  readonly status: number;
  readonly issues: Issue[];

  constructor(code: string, status: number, issues: Issue[] = []) {
    super(code);
    this.name = 'ApiError';
    this.code = code;
    this.status = status;
    this.issues = issues;
  }
}

/** The error body as received: checked field by field, since a proxy may answer instead of us. */
interface RawErrorBody {
  code?: unknown;
  issues?: { path?: unknown; code?: unknown }[];
}

function normalisePath(path: unknown): string {
  // docs/api.md promises dotted strings; accept zod's raw arrays too.
  if (Array.isArray(path)) return path.map(String).join('.');
  return typeof path === 'string' ? path : '';
}

/**
 * Turns an error response body into an ApiError, tolerating bodies that are
 * not ours (a proxy's HTML page, an empty body).
 * @example parseError(409, { code: 'STALE_VERSION' }).code === 'STALE_VERSION'
 */
export function parseError(status: number, body: unknown): ApiError {
  const b = body as RawErrorBody | null | undefined;
  if (b && typeof b === 'object' && typeof b.code === 'string') {
    const issues = Array.isArray(b.issues)
      ? b.issues.map((i) => {
          const path = normalisePath(i?.path);
          return { path, code: refineIssueCode(path, typeof i?.code === 'string' ? i.code : 'invalid') };
        })
      : [];
    return new ApiError(b.code, status, issues);
  }
  if (status === 401) return new ApiError('UNAUTHENTICATED', status);
  if (status === 413) return new ApiError('PAYLOAD_TOO_LARGE', status);
  if (status === 415) return new ApiError('UNSUPPORTED_MEDIA_TYPE', status);
  if (status === 429) return new ApiError('RATE_LIMITED', status);
  if (status >= 500) return new ApiError('INTERNAL', status);
  return new ApiError('UNKNOWN', status);
}

async function request<T>(method: string, path: string, body?: unknown, signal?: AbortSignal): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (method !== 'GET') {
    // The custom header is half of the CSRF defence (docs/api.md).
    headers['x-homeward-csrf'] = '1';
    headers['content-type'] = 'application/json';
  }
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers,
      credentials: 'same-origin',
      cache: 'no-store',
      body: method === 'GET' ? undefined : JSON.stringify(body ?? {}),
      ...(signal ? { signal } : {}),
    });
  } catch {
    throw new ApiError('NETWORK', 0);
  }
  const text = await response.text();
  let parsed: unknown = undefined;
  if (text) {
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = undefined;
    }
  }
  if (!response.ok) throw parseError(response.status, parsed);
  return parsed as T;
}

export const api = {
  setupStatus: () => request<{ needed: boolean }>('GET', '/api/setup'),
  setupStart: (input: SetupStart) => request<SetupEnrolment>('POST', '/api/setup/start', input),
  setupFinish: (token: string, totpCode: string) =>
    request<void>('POST', '/api/setup/finish', { token, totpCode }),

  login: (input: LoginInput) => request<{ user: SessionUser }>('POST', '/api/auth/login', input),
  logout: () => request<void>('POST', '/api/auth/logout'),
  session: () => request<{ user: SessionUser }>('GET', '/api/session'),
  users: () => request<UserList>('GET', '/api/users'),

  listCases: (status?: CaseStatus) =>
    request<{ items: CaseSummary[] }>('GET', status ? `/api/cases?status=${encodeURIComponent(status)}` : '/api/cases'),
  getCase: (id: string) => request<CaseDetail>('GET', `/api/cases/${encodeURIComponent(id)}`),
  createCase: (input: CaseInput) => request<CaseDetail>('POST', '/api/cases', input),
  updateCase: (id: string, input: CaseUpdate) =>
    request<CaseDetail>('PUT', `/api/cases/${encodeURIComponent(id)}`, input),
  caseHistory: (id: string) =>
    request<{ items: HistoryEntry[] }>('GET', `/api/cases/${encodeURIComponent(id)}/history`),

  // A POST, not a GET with ?q=: the place a mother named never goes in a URL.
  resolvePlaces: (input: PlaceResolveInput, signal?: AbortSignal) =>
    request<PlaceResolveResult>('POST', '/api/places/resolve', input, signal),

  listLeads: () => request<{ items: Lead[] }>('GET', '/api/leads'),
  getLead: (id: string) => request<Lead>('GET', `/api/leads/${encodeURIComponent(id)}`),
  createLead: (input: LeadInput) => request<Lead>('POST', '/api/leads', input),
  updateLead: (id: string, input: LeadUpdate) =>
    request<Lead>('PUT', `/api/leads/${encodeURIComponent(id)}`, input),
};

/** The typed request for feature modules that keep their own calls beside their components (features built in parallel). */
export const apiRequest = request;
