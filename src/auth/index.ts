// Public surface of src/auth: roles, API keys (KeyService), patient pseudonyms, the audit log.
export * from './roles.js';
export { LIVE_KEY_PREFIX, TEST_KEY_PREFIX, apiKeyKind, generateApiKey, hashApiKey } from './api-key.js';
export { KeyService } from './key-service.js';
export type { ApiKeySummary, IssuedKey, KeyServiceOptions, Principal } from './key-service.js';
export { Pseudonymizer } from './pseudonymizer.js';
export { AuditLog } from './audit-log.js';
export type { AuditInput } from './audit-log.js';
