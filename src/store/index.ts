// Public surface of src/store: the Store interface and its records, and openStore(url).
export * from './store.js';
export { openStore } from './open-store.js';
export type { OpenStoreOptions } from './open-store.js';
export { canonicalJson } from './canonical-json.js';
export { hashAuditRecord } from './audit-hash.js';
export { redactUrl } from './postgres-store.js';
export * from './backup/index.js';
