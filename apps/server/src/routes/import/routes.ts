import { IMPORT_MAX_FILE_BYTES, ImportReportSchema, ImportRequestSchema, ImportResultSchema, type ImportRequest } from '@homeward/contracts';
import { IntakeError } from '@homeward/intake';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { actorOf } from '../../http/auth.ts';
import { checkSpreadsheet, intakeFailure, mappingFrom, presentReport, writeCases, type ImportCheck } from '../../import/index.ts';
import { CASE_ROLES, policy } from '../../policies/route-policy.ts';
import { ServiceError, type Actor, type Deps } from '../../services/context.ts';

// Spreadsheet import for caseworkers and administrators (docs/api.md). The
// file travels in the body of a POST, base64 in JSON; the server keeps
// nothing between the dry run and the confirm, which sends the file again.

/** base64 of the largest file, plus the JSON around it and a mapping. */
const BODY_LIMIT = Math.ceil(IMPORT_MAX_FILE_BYTES / 3) * 4 + 1024 * 1024;

function fileBytes(body: ImportRequest): Buffer {
  const bytes = Buffer.from(body.contentBase64, 'base64');
  if (bytes.length > IMPORT_MAX_FILE_BYTES) throw new ServiceError('PAYLOAD_TOO_LARGE', `the file is larger than ${IMPORT_MAX_FILE_BYTES} bytes; split it`);
  if (bytes.length === 0) throw new ServiceError('VALIDATION_FAILED', 'the file is empty', [{ path: 'file', code: 'intake.empty_file', message: 'the file is empty' }]);
  return bytes;
}

async function check(deps: Deps, actor: Actor, body: ImportRequest, duplicates: boolean): Promise<ImportCheck> {
  const mapping = body.mapping ? mappingFrom(body.mapping) : undefined;
  try {
    return await checkSpreadsheet(deps, actor, fileBytes(body), { mapping, duplicates });
  } catch (err) {
    if (err instanceof IntakeError) throw intakeFailure(err);
    throw err;
  }
}

export function importRoutes(deps: Deps): FastifyPluginAsyncZod {
  return async (app) => {
    const config = { policy: policy.roles(...CASE_ROLES) };
    app.post('/api/import/check', { config, bodyLimit: BODY_LIMIT, schema: { body: ImportRequestSchema, response: { 200: ImportReportSchema } } }, async (req) =>
      presentReport(await check(deps, actorOf(req), req.body, true)),
    );
    app.post('/api/import/commit', { config, bodyLimit: BODY_LIMIT, schema: { body: ImportRequestSchema, response: { 201: ImportResultSchema } } }, async (req, reply) => {
      const actor = actorOf(req);
      // Duplicates were shown in the dry run and are the user's call; errors still stop everything.
      const c = await check(deps, actor, req.body, false);
      if (!c.report.ok) {
        const issues = c.report.problems
          .filter((p) => p.severity === 'error')
          .slice(0, 100)
          .map((p) => ({ path: `row.${p.row}${p.columnLetter ? `.${p.columnLetter}` : ''}`, code: p.code, message: p.message }));
        throw new ServiceError('VALIDATION_FAILED', `${c.report.errors} problem(s) in the file; nothing was imported`, issues);
      }
      if (c.report.cases.length === 0) {
        throw new ServiceError('VALIDATION_FAILED', 'the file has no data rows; nothing was imported', [{ path: 'file', code: 'intake.no_rows', message: 'the file has no data rows under its header' }]);
      }
      const imported = await writeCases(deps, actor, c.report.cases);
      return reply.code(201).send({ imported, rowsRead: c.report.rowsRead });
    });
  };
}
