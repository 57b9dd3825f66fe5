import { ERROR_STATUS, type ErrorBody, type ErrorCode } from '@homeward/contracts';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { ServiceError } from '../services/context.ts';

const MESSAGES: Partial<Record<ErrorCode, string>> = {
  UNAUTHENTICATED: 'sign in first',
  CSRF_HEADER_MISSING: 'writes must carry the x-homeward-csrf header',
  NOT_FOUND: 'not found',
  PAYLOAD_TOO_LARGE: 'the request is too large',
  UNSUPPORTED_MEDIA_TYPE: 'send application/json',
  RATE_LIMITED: 'too many attempts; wait a minute and try again',
  INTERNAL: 'something went wrong on the server',
};

/** Sends the standard error body. */
export function sendError(reply: FastifyReply, code: ErrorCode, message?: string, issues?: ErrorBody['issues']): FastifyReply {
  const body: ErrorBody = { code, message: message ?? MESSAGES[code] ?? code };
  if (issues) body.issues = issues;
  return reply.code(ERROR_STATUS[code]).type('application/json').send(body);
}

/**
 * Maps every failure to a stable code. Validation issues name fields but never
 * echo values; unexpected errors say nothing beyond INTERNAL.
 */
export function errorHandler(err: FastifyError, req: FastifyRequest, reply: FastifyReply): FastifyReply {
  if (err instanceof ServiceError) return sendError(reply, err.code, err.message, err.issues);
  if (hasZodFastifySchemaValidationErrors(err)) {
    // A malformed id in the path is simply a record that does not exist.
    if (err.validationContext === 'params') return sendError(reply, 'NOT_FOUND');
    const issues = err.validation.map((v) => ({
      path: v.instancePath.replace(/^\//, '').replaceAll('/', '.'),
      code: v.keyword,
      message: v.message ?? 'is not valid',
    }));
    const fields = [...new Set(issues.map((i) => i.path || '(body)'))].join(', ');
    return sendError(reply, 'VALIDATION_FAILED', `invalid: ${fields}`, issues);
  }
  const status = err.statusCode ?? 500;
  if (status === 429) return sendError(reply, 'RATE_LIMITED');
  if (status === 413) return sendError(reply, 'PAYLOAD_TOO_LARGE');
  if (status === 415) return sendError(reply, 'UNSUPPORTED_MEDIA_TYPE');
  if (status === 400) {
    // Unparsable JSON and the like: say what kind of problem, not the content.
    return sendError(reply, 'VALIDATION_FAILED', 'the request body is not valid JSON', [{ path: '', code: 'invalid_json', message: 'is not valid JSON' }]);
  }
  // 403 from the static file server, 404 and the like: nothing there for you.
  if (status > 400 && status < 500) return sendError(reply, 'NOT_FOUND');
  // Log the kind and place of the failure, never its message: it may quote identifying values.
  req.log.error({ errName: err.name, errCode: err.code, stack: err.stack?.split('\n').slice(1).join('\n') }, 'request failed');
  return sendError(reply, 'INTERNAL');
}
