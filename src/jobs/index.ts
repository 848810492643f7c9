// Public surface of src/jobs: streaming batch scoring and background job queues (in-process
// by default, BullMQ on Redis at scale).
export * from './score-csv.js';
export * from './job-queue.js';
export * from './run-job.js';
export * from './in-process-job-queue.js';
export * from './bullmq-job-queue.js';
export * from './score-job.js';
export * from './create-job-queue.js';
export * from './registry-model-resolver.js';
export * from './backup-scheduler.js';
