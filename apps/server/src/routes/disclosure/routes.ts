import { CaseworkerDisclosureListSchema, CaseworkerDisclosureSchema, IdParamsSchema, MotherConsentInputSchema } from '@homeward/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { actorOf } from '../../http/auth.ts';
import { CASE_ROLES, policy } from '../../policies/route-policy.ts';
import type { Deps } from '../../services/context.ts';
import { getCaseworkerDisclosure, listCaseDisclosures, recordMotherConsent, withdrawDisclosureConsent } from '../../tracing/disclosure.ts';

/** Double-blind disclosure, the caseworker's side (docs/api.md): `:id` of a disclosure is the confirmed match candidate's id. */
export function disclosureRoutes(deps: Deps): FastifyPluginAsyncZod {
  return async (app) => {
    const config = { policy: policy.roles(...CASE_ROLES) };
    app.get('/api/cases/:id/disclosures', { config, schema: { params: IdParamsSchema, response: { 200: CaseworkerDisclosureListSchema } } }, async (req) => ({
      items: await listCaseDisclosures(deps, actorOf(req), req.params.id),
    }));
    app.get('/api/disclosures/:id', { config, schema: { params: IdParamsSchema, response: { 200: CaseworkerDisclosureSchema } } }, async (req) =>
      getCaseworkerDisclosure(deps, actorOf(req), req.params.id),
    );
    app.post('/api/disclosures/:id/consents', { config, schema: { params: IdParamsSchema, body: MotherConsentInputSchema, response: { 200: CaseworkerDisclosureSchema } } }, async (req) =>
      recordMotherConsent(deps, actorOf(req), req.params.id, req.body),
    );
    app.post('/api/disclosures/:id/consents/withdraw', { config, schema: { params: IdParamsSchema, response: { 200: CaseworkerDisclosureSchema } } }, async (req) => {
      await withdrawDisclosureConsent(deps, actorOf(req), req.params.id, 'mother');
      return getCaseworkerDisclosure(deps, actorOf(req), req.params.id);
    });
  };
}
