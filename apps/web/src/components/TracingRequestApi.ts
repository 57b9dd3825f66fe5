import type {
  CaseworkerDisclosure, ChildSideConsentInput, FamilyMessage, MessageStatusInput, MotherConsentInput, PartnerDisclosure, PartnerLeadInput,
  PartnerLeadReceipt, PartnerRequest, TracingField, TracingRequest, TracingRequestInput, UserRef,
} from '@homeward/contracts';
import { apiRequest } from '../api/client.ts';

// Tracing requests, partner leads, disclosure and family messages (issue #7).
// Only types come from the contracts: zod stays out of the browser bundle.

/** As TRACING_FIELDS in the contracts; the compiler checks the two agree. */
export const TRACING_FIELDS = ['chineseName', 'koreanName', 'approxAge', 'county', 'sex', 'separationYear'] as const satisfies readonly TracingField[];
export const DEFAULT_FIELDS: readonly TracingField[] = ['chineseName', 'approxAge', 'county'];

const enc = encodeURIComponent;

export const tracingApi = {
  partners: () => apiRequest<{ items: UserRef[] }>('GET', '/api/tracing/partners'),
  caseRequests: (caseId: string) => apiRequest<{ items: TracingRequest[] }>('GET', `/api/cases/${enc(caseId)}/tracing-requests`),
  createRequest: (caseId: string, input: TracingRequestInput) => apiRequest<TracingRequest>('POST', `/api/cases/${enc(caseId)}/tracing-requests`, input),
  revokeRequest: (id: string) => apiRequest<TracingRequest>('POST', `/api/tracing-requests/${enc(id)}/revoke`),
  caseDisclosures: (caseId: string) => apiRequest<{ items: CaseworkerDisclosure[] }>('GET', `/api/cases/${enc(caseId)}/disclosures`),
  motherConsent: (candidateId: string, input: MotherConsentInput) => apiRequest<CaseworkerDisclosure>('POST', `/api/disclosures/${enc(candidateId)}/consents`, input),
  withdrawMother: (candidateId: string) => apiRequest<CaseworkerDisclosure>('POST', `/api/disclosures/${enc(candidateId)}/consents/withdraw`),
  caseMessages: (candidateId: string) => apiRequest<{ items: FamilyMessage[] }>('GET', `/api/disclosures/${enc(candidateId)}/messages`),
  caseWrite: (candidateId: string, text: string) => apiRequest<FamilyMessage>('POST', `/api/disclosures/${enc(candidateId)}/messages`, { text }),
  caseStatus: (messageId: string, input: MessageStatusInput) => apiRequest<FamilyMessage>('POST', `/api/messages/${enc(messageId)}/status`, input),
};

export const partnerApi = {
  requests: () => apiRequest<{ items: PartnerRequest[] }>('GET', '/api/partner/requests'),
  request: (id: string) => apiRequest<PartnerRequest>('GET', `/api/partner/requests/${enc(id)}`),
  // The key goes in the body: the shared request helper sets its own headers.
  submitLead: (id: string, input: PartnerLeadInput) => apiRequest<PartnerLeadReceipt>('POST', `/api/partner/requests/${enc(id)}/leads`, input),
  disclosures: () => apiRequest<{ items: PartnerDisclosure[] }>('GET', '/api/partner/disclosures'),
  disclosure: (id: string) => apiRequest<PartnerDisclosure>('GET', `/api/partner/disclosures/${enc(id)}`),
  consent: (id: string, input: ChildSideConsentInput) => apiRequest<PartnerDisclosure>('POST', `/api/partner/disclosures/${enc(id)}/consents`, input),
  withdraw: (id: string, party: 'guardian' | 'child') => apiRequest<PartnerDisclosure>('POST', `/api/partner/disclosures/${enc(id)}/consents/withdraw`, { party }),
  messages: (id: string) => apiRequest<{ items: FamilyMessage[] }>('GET', `/api/partner/disclosures/${enc(id)}/messages`),
  write: (id: string, text: string) => apiRequest<FamilyMessage>('POST', `/api/partner/disclosures/${enc(id)}/messages`, { text }),
  status: (messageId: string, input: MessageStatusInput) => apiRequest<FamilyMessage>('POST', `/api/partner/messages/${enc(messageId)}/status`, input),
};

/**
 * A fresh idempotency key (one per opening of the lead form): a retry after a
 * timeout sends the same key and is stored once.
 */
export function newIdempotencyKey(): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}
