import multipart from '@fastify/multipart';
import {
  AttachmentListQuerySchema, AttachmentListSchema, AttachmentSchema, AttachmentUploadFieldsSchema, IdParamsSchema, toIssues,
} from '@homeward/contracts';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { attachmentLimits, type AttachmentLimits } from '../../attachments/sanitize.ts';
import { addAttachment, deleteAttachment, listAttachments, readAttachment, tooLarge, type Served, type Upload } from '../../attachments/service.ts';
import { actorOf } from '../../http/auth.ts';
import { policy } from '../../policies/route-policy.ts';
import type { Deps } from '../../services/context.ts';
import { ServiceError } from '../../services/context.ts';

/**
 * Encrypted attachments (issue #10; docs/api.md). The case roles and field
 * partners may call these routes; which records' files they may touch is
 * decided per record in attachments/service.ts. Files are served so they can
 * never run in the app's origin: attachment or inline disposition, nosniff,
 * a sandboxing CSP of their own, never cached.
 */

const FILE_ROLES = policy.roles('administrator', 'caseworker', 'field_partner');
const TEXT_FIELDS = new Set(['ownerType', 'ownerId', 'caption', 'date']);

interface MultipartError {
  code?: string;
}

/** Reads the multipart body: one `file` and the text fields; the file is buffered up to the limit, never written to disk. */
async function readUpload(req: FastifyRequest, limits: AttachmentLimits): Promise<{ fields: Record<string, unknown>; upload: Upload | undefined }> {
  if (!req.isMultipart()) throw new ServiceError('UNSUPPORTED_MEDIA_TYPE', 'send multipart/form-data with a file field');
  const fields: Record<string, unknown> = {};
  let upload: Upload | undefined;
  try {
    for await (const part of req.parts()) {
      if (part.type === 'file') {
        if (part.fieldname !== 'file' || upload) {
          await part.toBuffer();
          throw new ServiceError('VALIDATION_FAILED', 'send one file, in the field "file"', [{ path: part.fieldname, code: 'unexpected_file', message: 'send one file, in the field "file"' }]);
        }
        upload = { bytes: await part.toBuffer(), fileName: part.filename ?? '', declaredType: part.mimetype ?? '' };
      } else if (TEXT_FIELDS.has(part.fieldname)) {
        const value = String(part.value);
        if (part.fieldname === 'date') {
          if (value === '') continue;
          try {
            fields.date = JSON.parse(value) as unknown;
          } catch {
            throw new ServiceError('VALIDATION_FAILED', 'invalid: date', [{ path: 'date', code: 'invalid_json', message: 'is not a date' }]);
          }
        } else if (!(part.fieldname === 'caption' && value.trim() === '')) {
          fields[part.fieldname] = value;
        }
      } else {
        throw new ServiceError('VALIDATION_FAILED', `invalid: ${part.fieldname}`, [{ path: part.fieldname, code: 'unrecognized_keys', message: 'is not a field of an upload' }]);
      }
    }
  } catch (err) {
    const code = (err as MultipartError).code;
    if (code === 'FST_REQ_FILE_TOO_LARGE') throw tooLarge(limits);
    if (code === 'FST_FILES_LIMIT' || code === 'FST_PARTS_LIMIT' || code === 'FST_FIELDS_LIMIT') {
      throw new ServiceError('VALIDATION_FAILED', 'too many parts: send one file with ownerType, ownerId, caption and date', [{ path: '', code: 'too_many_parts', message: 'send one file with its fields' }]);
    }
    throw err;
  }
  return { fields, upload };
}

function serve(reply: FastifyReply, file: Served, disposition: 'attachment' | 'inline'): FastifyReply {
  return reply
    .header('content-type', file.mediaType)
    .header('content-disposition', `${disposition}; filename="${file.downloadName}"`)
    .header('x-content-type-options', 'nosniff')
    .header('content-security-policy', "default-src 'none'; sandbox")
    .header('cross-origin-resource-policy', 'same-origin')
    .header('cache-control', 'no-store')
    .send(file.bytes);
}

export function attachmentRoutes(deps: Deps, limits: AttachmentLimits = attachmentLimits()): FastifyPluginAsyncZod {
  return async (app) => {
    await app.register(multipart, {
      limits: { fileSize: limits.maxBytes, files: 1, fields: 8, parts: 10, fieldSize: 8 * 1024, headerPairs: 100 },
    });
    const config = { policy: FILE_ROLES };

    app.post('/api/attachments', { config, schema: { consumes: ['multipart/form-data'], response: { 201: AttachmentSchema } } }, async (req, reply) => {
      const { fields, upload } = await readUpload(req, limits);
      const parsed = AttachmentUploadFieldsSchema.safeParse(fields);
      const issues = parsed.success ? [] : toIssues(parsed.error.issues);
      if (!upload) issues.push({ path: 'file', code: 'required', message: 'choose a file' });
      if (!parsed.success || !upload) throw new ServiceError('VALIDATION_FAILED', `invalid: ${[...new Set(issues.map((i) => i.path))].join(', ')}`, issues);
      return reply.code(201).send(await addAttachment(deps, actorOf(req), parsed.data, upload, limits));
    });

    app.get('/api/attachments', { config, schema: { querystring: AttachmentListQuerySchema, response: { 200: AttachmentListSchema } } }, async (req) => ({
      items: await listAttachments(deps, actorOf(req), req.query.ownerType, req.query.ownerId),
    }));

    app.get('/api/attachments/:id/content', { config, schema: { params: IdParamsSchema } }, async (req, reply) =>
      serve(reply, await readAttachment(deps, actorOf(req), req.params.id, 'content'), 'attachment'),
    );

    app.get('/api/attachments/:id/thumbnail', { config, schema: { params: IdParamsSchema } }, async (req, reply) =>
      serve(reply, await readAttachment(deps, actorOf(req), req.params.id, 'thumbnail'), 'inline'),
    );

    app.delete('/api/attachments/:id', { config, schema: { params: IdParamsSchema } }, async (req, reply) => {
      await deleteAttachment(deps, actorOf(req), req.params.id);
      return reply.code(204).send();
    });
  };
}
