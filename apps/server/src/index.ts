/** @homeward/server: the HTTP app, its configuration and the use cases the CLI shares. */
export { build, type BuildOptions, type HomewardState } from './app.ts';
export { start, setupLink } from './main.ts';
export { loadConfig, ConfigError, type Config, type ConfigFlags } from './config.ts';
export { openDeps } from './deps.ts';
export { OPERATOR, ServiceError, type Actor, type Deps } from './services/context.ts';
export { createUser } from './services/users.ts';
export { checkImport, createCase, exportCases, importCases, writeFromInput } from './services/cases.ts';
export { createLead } from './services/leads.ts';
export { currentTotp } from './services/totp.ts';
export { prepareDemo, generateDemoCases, type DemoCredential } from './services/demo.ts';
