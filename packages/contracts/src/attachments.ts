import { z } from 'zod';
import { UserRefSchema } from './auth.ts';
import { IdSchema, PartialDateSchema } from './common.ts';

/**
 * Encrypted attachments (issue #10): photos, signed consent forms and scans,
 * attached to a case, a person of a case, a lead or a consent record. The
 * server checks each file by its bytes, removes hidden metadata (EXIF, XMP,
 * IPTC, embedded thumbnails, PDF document info) and stores it encrypted.
 */

export const ATTACHMENT_OWNER_TYPES = ['case', 'person', 'lead', 'consent'] as const;
export const AttachmentOwnerTypeSchema = z.enum(ATTACHMENT_OWNER_TYPES);
export type AttachmentOwnerType = z.infer<typeof AttachmentOwnerTypeSchema>;

/**
 * What was found and removed before storing, so the user can be told
 * ("location removed"). Stable codes; the web app translates them.
 * - location: GPS position (EXIF GPS or XMP); device: camera/phone make, model,
 *   lens, software; serial: serial numbers and unique image ids; time: when it
 *   was taken or changed; author: artist, owner, copyright, PDF author;
 *   thumbnail: an embedded preview (may keep the uncropped original);
 *   xmp, iptc, icc, comment: other metadata blocks; document_info: PDF info
 *   dictionary; trailing_data: bytes after the end of the image (e.g. a motion
 *   photo's video).
 */
export const REMOVED_METADATA = [
  'location', 'device', 'serial', 'time', 'author', 'thumbnail', 'xmp', 'iptc', 'icc', 'comment', 'document_info', 'trailing_data',
] as const;
export const RemovedMetadataSchema = z.enum(REMOVED_METADATA);
export type RemovedMetadata = z.infer<typeof RemovedMetadataSchema>;

export const ATTACHMENT_KINDS = ['image', 'pdf'] as const;
export const AttachmentKindSchema = z.enum(ATTACHMENT_KINDS);

/** The text fields of an upload (multipart/form-data fields beside `file`). */
export const AttachmentUploadFieldsSchema = z.strictObject({
  ownerType: AttachmentOwnerTypeSchema,
  ownerId: IdSchema,
  caption: z.string().trim().max(1000, 'must be at most 1000 characters').optional(),
  /** A partial date as JSON, e.g. `{"year":2019,"month":6}`. */
  date: PartialDateSchema.optional(),
});
export type AttachmentUploadFields = z.infer<typeof AttachmentUploadFieldsSchema>;

/** An attachment as shown to those who may see its record (the bytes are fetched separately). */
export const AttachmentSchema = z.object({
  id: IdSchema,
  ownerType: AttachmentOwnerTypeSchema,
  ownerId: IdSchema,
  kind: AttachmentKindSchema,
  /** Of the stored (cleaned) file: image/jpeg, image/png, image/webp or application/pdf. */
  mediaType: z.string(),
  fileName: z.string(),
  caption: z.string().optional(),
  date: PartialDateSchema.optional(),
  byteSize: z.number().int(),
  width: z.number().int().optional(),
  height: z.number().int().optional(),
  hasThumbnail: z.boolean(),
  removed: z.array(RemovedMetadataSchema),
  createdBy: UserRefSchema.nullable(),
  createdAt: z.string(),
});
export type Attachment = z.infer<typeof AttachmentSchema>;

export const AttachmentListSchema = z.object({ items: z.array(AttachmentSchema) });
export type AttachmentList = z.infer<typeof AttachmentListSchema>;

/** `GET /api/attachments?ownerType=lead&ownerId=...` (ids are random, nothing identifying in the URL). */
export const AttachmentListQuerySchema = z.strictObject({ ownerType: AttachmentOwnerTypeSchema, ownerId: IdSchema });
export type AttachmentListQuery = z.infer<typeof AttachmentListQuerySchema>;
