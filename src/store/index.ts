// Public surface of src/store: the Store interface and its records, and openStore(url).
export * from './store.js';
