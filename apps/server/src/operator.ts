/**
 * What the command line needs to act as the machine's operator, without the
 * HTTP stack (Fastify and its plugins load only for `serve` and `demo`).
 */
export { loadConfig, ConfigError, type Config, type ConfigFlags } from './config.ts';
export { openDeps } from './deps.ts';
export { OPERATOR, ServiceError, type Actor, type Deps } from './services/context.ts';
export { createUser } from './services/users.ts';
export { checkImport, exportCases, importCases } from './services/cases.ts';
export { currentTotp } from './services/totp.ts';
export { prepareDemo, type DemoCredential } from './services/demo.ts';
export { BACKUP_KDF, copyDatabase, createBackup, isRefusal, keyLocation, restoreBackup, type Installation, type KdfParams, type Progress, type TableSummary } from './backup/index.ts';
export { auditKeys, checkpointAudit, rotateMasterKey, verifyAudit } from './services/keys.ts';
export { deleteCase } from './services/keys-shred.ts';
export { runRetention } from './services/retention.ts';
export { isSealed, sealMasterKey, unsealToFile } from './services/sealed.ts';
export { passwordProblem } from './services/passwords.ts';
export { adminListUsers, disableUser, revokeUserSessions } from './services/users.ts';
export { lastBackupAt, parseInterval, startBackupSchedule, type BackupSchedule } from './backup/schedule.ts';
export { casesToSheet, checkSpreadsheet, EXPORT_MAPPING, writeCases, type ImportCheck, type ImportPhase, type ImportProgress } from './import/index.ts';
export { recordBackupEvent, type BackupEvent } from './backup/audit-events.ts';
