// Child process for concurrency tests: appends N audit entries to the database at argv[2].
// Run with `node --import tsx test/support/audit-append.ts URL N LABEL`.
import { createContainer } from '../../server/container.js';
import { testConfig } from './server.js';
import type { AuditAction } from '../../server/components/audit/audit-actions.js';

const [url, count, label] = process.argv.slice(2);
const c = createContainer(testConfig(url!));
try {
  for (let i = 0; i < Number(count); i++) await c.services.audit.append({ action: 'test.concurrent' as AuditAction, actorKind: 'cli', details: { from: label, i } });
} finally {
  await c.close();
}
