// The recording thread (started by ThreadCommitter): opens its own connection to the store and
// commits the sealed journal segments it is sent, answering each request by id.
import { setPriority } from 'node:os';
import { parentPort, workerData } from 'node:worker_threads';
import { openStore, type PredictionRecord } from '../store/index.js';
import { PredictionJournal } from './prediction-journal.js';
import type { CommitReply, CommitRequest, RecordingThreadData } from './thread-committer.js';

const data = workerData as RecordingThreadData;

// The lowest scheduling priority, for this thread only (on Linux a thread is its own task, and
// pid 0 means the caller): on a busy machine the serving thread runs first and commits take
// the idle time, instead of a batch insert holding a core while requests wait. Nothing is
// lost by waiting: the records are journaled already.
try {
  setPriority(19);
} catch {
  // Not permitted here (some containers): commit at normal priority.
}
const port = parentPort;
if (!port) throw new Error('recording-thread.ts runs only as a worker thread');

// Opened once; a failure is answered to every commit (the recorder retries) rather than thrown.
const opened = openStore(data.databaseUrl, data.storeOptions);
opened.catch(() => undefined);

/** Commits the records of one journal segment; resolves to the error message, or undefined on success. */
async function commit(segment: string): Promise<string | undefined> {
  try {
    const store = await opened;
    const records = PredictionJournal.readRecords<PredictionRecord>([segment]);
    for (let i = 0; i < records.length; i += data.batchSize) await store.predictions.insertMany(records.slice(i, i + data.batchSize));
    return undefined;
  } catch (e) {
    return (e as Error).message;
  }
}

// One request at a time, in order: the recorder already sends one batch at a time.
let queue: Promise<void> = Promise.resolve();
port.on('message', (request: CommitRequest) => {
  queue = queue.then(async () => {
    if ('close' in request) {
      await opened.then((store) => store.close(), () => undefined);
      port.close();
      return;
    }
    const error = await commit(request.segment);
    port.postMessage((error === undefined ? { id: request.id } : { id: request.id, error }) satisfies CommitReply);
  }).catch(() => undefined); // commit() never throws; this only keeps the queue alive if posting did.
});
