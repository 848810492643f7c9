// Entry point of riskgate's worker threads: registers tsx in the new thread (hooks registered
// in the main thread do not reach workers), then imports the TypeScript module named in
// workerData.entry, which reads the rest of workerData itself.
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
await import(workerData.entry);
