// Test helper run as a separate process by store.contract.test.ts: appends N audit records to
// the store at URL (optionally in a PostgreSQL schema), racing the parent process.
// Usage: node --import tsx append-audit-child.ts URL SCHEMA|- N ACTOR
import { openStore } from '../open-store.js';

const [url, schema, count, actor] = process.argv.slice(2);
if (!url || !schema || !count || !actor) throw new Error('usage: append-audit-child.ts URL SCHEMA|- N ACTOR');
const store = await openStore(url, schema === '-' ? {} : { schema });
try {
  for (let i = 0; i < Number(count); i += 1) {
    await store.audit.append({ at: i, actor, action: 'race', target: null, ip: null, result: 'ok', details: { i } });
  }
} finally {
  await store.close();
}
