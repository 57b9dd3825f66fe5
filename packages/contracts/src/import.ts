import { z } from 'zod';
import { NameKindSchema, RelationSchema, ScriptSchema } from './common.ts';

// Spreadsheet import (issue 9): the web app uploads the file in the body of a
// POST (never a URL, nothing kept in browser storage), gets a dry-run report,
// lets the user edit the mapping, then confirms. The server keeps nothing
// between the two requests: the confirm sends the file again.

/** The largest spreadsheet accepted over HTTP (bytes of the file itself). */
export const IMPORT_MAX_FILE_BYTES = 16 * 1024 * 1024;

/**
 * A column mapping as the API carries it. The server checks it strictly with
 * @homeward/intake's MappingSchema (the same as `--mapping M.json`); here the
 * field is a string so contracts need not know intake's field list.
 */
export const ImportMappingSchema = z.object({
  version: z.literal(1),
  source: z
    .object({
      headerRow: z.number().int().min(1).optional(),
      sheet: z.union([z.string(), z.number().int()]).optional(),
      encoding: z.string().optional(),
      delimiter: z.string().optional(),
    })
    .optional(),
  columns: z.array(
    z.object({
      header: z.string(),
      index: z.number().int().optional(),
      field: z.string(),
      kind: NameKindSchema.optional(),
      script: ScriptSchema.optional(),
    }),
  ),
  defaults: z.object({ relation: RelationSchema.optional() }).optional(),
});
export type ImportMapping = z.infer<typeof ImportMappingSchema>;

/** The request of both steps: the file (base64) and, optionally, the user's mapping. */
export const ImportRequestSchema = z.object({
  fileName: z.string().min(1).max(255),
  // base64 of at most IMPORT_MAX_FILE_BYTES bytes
  contentBase64: z.string().min(1).max(Math.ceil(IMPORT_MAX_FILE_BYTES / 3) * 4 + 4),
  mapping: ImportMappingSchema.optional(),
});
export type ImportRequest = z.infer<typeof ImportRequestSchema>;

export const ImportProblemSchema = z.object({
  row: z.number().int(),
  column: z.number().int().optional(),
  columnLetter: z.string().optional(),
  header: z.string().optional(),
  field: z.string().optional(),
  code: z.string(),
  severity: z.enum(['error', 'warning']),
  /** English, for the CLI and logs; the web app translates `code`. Never a cell's content. */
  message: z.string(),
});
export type ImportProblem = z.infer<typeof ImportProblemSchema>;

/** A pair (or group) of rows that may be the same case, with which fields agreed. */
export const ImportDuplicateSchema = z.object({
  rows: z.array(z.number().int()),
  /** The existing case it may duplicate (its reference, not identifying). */
  existingReference: z.string().optional(),
  /** 0..1 from @homeward/match. */
  score: z.number(),
  /** Field by field: e.g. { field: 'sought', level: 'equivalent' }. */
  agreed: z.array(z.object({ field: z.string(), level: z.string() })),
  /** The same in one English line (CLI). */
  explanation: z.string(),
});
export type ImportDuplicate = z.infer<typeof ImportDuplicateSchema>;

export const ImportReportSchema = z.object({
  format: z.enum(['csv', 'xlsx']),
  encoding: z.object({ encoding: z.string(), bom: z.boolean(), confidence: z.number(), reason: z.string() }).optional(),
  sheet: z.string().optional(),
  headers: z.array(z.string()),
  mapping: ImportMappingSchema,
  /** Per column, when the mapping was suggested: the field, a 0..1 score and why. */
  suggestion: z
    .object({
      columns: z.array(z.object({ index: z.number().int(), header: z.string(), field: z.string(), score: z.number(), reason: z.string() })),
      missing: z.array(z.object({ code: z.string(), message: z.string() })),
    })
    .optional(),
  rowsRead: z.number().int(),
  rowsRejected: z.number().int(),
  cases: z.number().int(),
  errors: z.number().int(),
  warnings: z.number().int(),
  problems: z.array(ImportProblemSchema),
  /** True when more problems exist than are listed. */
  problemsTruncated: z.boolean(),
  duplicates: z.array(ImportDuplicateSchema),
  duplicatesTotal: z.number().int(),
  ok: z.boolean(),
});
export type ImportReport = z.infer<typeof ImportReportSchema>;

export const ImportResultSchema = z.object({
  imported: z.number().int(),
  rowsRead: z.number().int(),
});
export type ImportResult = z.infer<typeof ImportResultSchema>;

/** GET /api/admin/backup-status: when the last backup (or restore) succeeded, from the audit trail. */
export const BackupStatusSchema = z.object({
  lastBackupAt: z.string().nullable(),
  lastBackupKind: z.enum(['manual', 'scheduled']).nullable(),
  lastRestoreAt: z.string().nullable(),
});
export type BackupStatus = z.infer<typeof BackupStatusSchema>;
