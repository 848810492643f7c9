// Public surface of src/config: the Config type, its defaults and loadConfig. The only
// folder that reads process.env.
export * from './schema.js';
export * from './defaults.js';
export * from './load-config.js';
export { judgeSecret, DEV_SECRET_FILE } from './secret-key.js';
