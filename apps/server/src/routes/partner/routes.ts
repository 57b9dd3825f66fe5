import {
  ChildSideConsentInputSchema, ChildSideWithdrawInputSchema, FamilyMessageInputSchema, FamilyMessageListSchema, FamilyMessageSchema, IdParamsSchema, MessageStatusInputSchema,
  PartnerDisclosureListSchema, PartnerDisclosureSchema, PartnerLeadInputSchema, PartnerLeadReceiptSchema, PartnerRequestListSchema, PartnerRequestSchema,
} from '@homeward/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../../http/auth.ts';
import { policy } from '../../policies/route-policy.ts';
import type { Deps } from '../../services/context.ts';
import { getPartnerDisclosure, listPartnerDisclosures, recordChildSideConsent, withdrawDisclosureConsent } from '../../tracing/disclosure.ts';
import { listMessages, setMessageStatus, writeMessage } from '../../tracing/messages.ts';
import { submitPartnerLead } from '../../tracing/partner-leads.ts';
import { getPartnerRequest, listPartnerRequests } from '../../tracing/requests.ts';

/**
 * The field partner's API (issues #6, #7): only the requests shared with them,
 * only the shared fields, leads against them, the child's side of disclosure
 * and family messages. Every other partner's id answers 404. Responses carry
 * Cache-Control: no-store like all of /api.
 */
export function partnerRoutes(deps: Deps): FastifyPluginAsyncZod {
  return async (app) => {
    const config = { policy: policy.roles('field_partner') };
    app.get('/api/partner/requests', { config, schema: { response: { 200: PartnerRequestListSchema } } }, async (req) => ({ items: await listPartnerRequests(deps, actorOf(req)) }));
    app.get('/api/partner/requests/:id', { config, schema: { params: IdParamsSchema, response: { 200: PartnerRequestSchema } } }, async (req) => getPartnerRequest(deps, actorOf(req), req.params.id));
    app.post(
      '/api/partner/requests/:id/leads',
      {
        config,
        schema: {
          params: IdParamsSchema,
          headers: z.object({ 'idempotency-key': z.string().optional() }).passthrough(),
          body: PartnerLeadInputSchema,
          response: { 200: PartnerLeadReceiptSchema, 201: PartnerLeadReceiptSchema },
        },
      },
      async (req, reply) => {
        const { leadId: _leadId, ...receipt } = await submitPartnerLead(deps, actorOf(req), req.params.id, req.body, req.headers['idempotency-key']);
        return reply.code(receipt.replayed ? 200 : 201).send(receipt);
      },
    );
    app.get('/api/partner/disclosures', { config, schema: { response: { 200: PartnerDisclosureListSchema } } }, async (req) => ({ items: await listPartnerDisclosures(deps, actorOf(req)) }));
    app.get('/api/partner/disclosures/:id', { config, schema: { params: IdParamsSchema, response: { 200: PartnerDisclosureSchema } } }, async (req) =>
      getPartnerDisclosure(deps, actorOf(req), req.params.id),
    );
    app.post('/api/partner/disclosures/:id/consents', { config, schema: { params: IdParamsSchema, body: ChildSideConsentInputSchema, response: { 200: PartnerDisclosureSchema } } }, async (req) =>
      recordChildSideConsent(deps, actorOf(req), req.params.id, req.body),
    );
    app.post('/api/partner/disclosures/:id/consents/withdraw', { config, schema: { params: IdParamsSchema, body: ChildSideWithdrawInputSchema, response: { 200: PartnerDisclosureSchema } } }, async (req) => {
      await withdrawDisclosureConsent(deps, actorOf(req), req.params.id, req.body.party);
      return getPartnerDisclosure(deps, actorOf(req), req.params.id);
    });
    app.get('/api/partner/disclosures/:id/messages', { config, schema: { params: IdParamsSchema, response: { 200: FamilyMessageListSchema } } }, async (req) => ({
      items: await listMessages(deps, actorOf(req), req.params.id, 'partner'),
    }));
    app.post('/api/partner/disclosures/:id/messages', { config, schema: { params: IdParamsSchema, body: FamilyMessageInputSchema, response: { 201: FamilyMessageSchema } } }, async (req, reply) =>
      reply.code(201).send(await writeMessage(deps, actorOf(req), req.params.id, 'partner', req.body)),
    );
    app.post('/api/partner/messages/:id/status', { config, schema: { params: IdParamsSchema, body: MessageStatusInputSchema, response: { 200: FamilyMessageSchema } } }, async (req) =>
      setMessageStatus(deps, actorOf(req), req.params.id, 'partner', req.body),
    );
  };
}
