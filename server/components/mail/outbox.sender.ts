// Delivers the outbox. One replica at a time sends: it holds the `mail.sender` lease in job_locks
// (the lock the retention schedule uses), and each row is claimed with a compare-and-set on its
// status, so even a sender whose lease lapsed mid-batch cannot send a row another sender holds.
// Temporary failures (4xx replies, connection problems) are retried with exponential backoff;
// permanent ones (5xx) and the last attempt leave the row failed with the server's reply.
import type { Logger } from '../../platform/logger.js';
import { failureReply, isTemporaryFailure, type MailTransport } from '../../platform/mailer.js';
import { now } from '../../platform/ids.js';
import type { JobLocks } from '../retention/job-locks.js';
import { categoryOf } from './categories.js';
import type { Outcome, OutboxRepository, OutboxRow } from './outbox.repository.js';
import type { RenderResult } from './templates.js';

export interface SenderOptions {
  pollInterval: number;
  batchSize: number;
  concurrency: number;
  maxAttempts: number;
  retryBase: number;
}

export interface SenderEvents {
  sent(row: OutboxRow): void;
  failed(row: OutboxRow): void;
  retried(row: OutboxRow): void;
}

const lockName = 'mail.sender';
const leaseMs = 60_000;
/** How long a claimed row is ours; a sender that dies leaves its rows to others after this. */
const claimMs = 5 * 60_000;

export class OutboxSender {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private again = false;
  private stopped = true;

  constructor(
    private readonly outbox: OutboxRepository,
    private readonly locks: JobLocks,
    private readonly transport: MailTransport,
    private readonly renderRow: (row: OutboxRow) => Promise<RenderResult>,
    private readonly options: SenderOptions,
    private readonly messageIdDomain: () => string,
    private readonly logger: Logger,
    private readonly events: SenderEvents,
    /** Work done under the same lease before sending (queueing the digests that are due). */
    private readonly beforeSending: () => Promise<void> = async () => {},
  ) {}

  start(): void {
    this.stopped = false;
    this.timer = setInterval(() => this.wake(), this.options.pollInterval);
    this.timer.unref();
    this.wake();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    await this.running;
  }

  /** Looks for due emails now (a new email was committed), or right after the current pass. */
  wake(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.pass()
      .then(() => undefined)
      .catch((error) => this.logger.warn({ err: error }, 'the outbox sender failed; it tries again at its next poll'))
      .finally(() => {
        this.running = undefined;
        if (this.again && !this.stopped) {
          this.again = false;
          this.wake();
        }
      });
  }

  /**
   * One pass: takes the lease (or leaves it to the replica holding it), then sends due emails
   * until none is left (or only the given ones: the CLI's test and retry). Returns how many rows it
   * handled; 'busy' when another sender holds the lease.
   */
  async pass(onlyIds?: string[]): Promise<number | 'busy'> {
    const lease = await this.locks.acquire(lockName, leaseMs);
    if (typeof lease !== 'object' || !('token' in lease)) return 'busy';
    let handled = 0;
    try {
      if (!onlyIds) await this.beforeSending();
      for (;;) {
        if (this.stopped && this.timer) break; // stopping: the rest waits for the next start
        const at = now();
        const rows = await this.outbox.claim(at, at + claimMs, this.options.batchSize, onlyIds);
        if (!rows.length) break;
        await this.deliverAll(rows);
        handled += rows.length;
        // Let the requests that queued up while this batch went out run before the next claim.
        await new Promise((resolve) => setImmediate(resolve));
        if (!(await this.locks.renew(lease, leaseMs))) break; // lost the lease: another replica carries on
      }
    } finally {
      await this.locks.release(lease);
    }
    return handled;
  }

  private async deliverAll(rows: OutboxRow[]): Promise<void> {
    const outcomes: Outcome[] = [];
    let next = 0;
    const worker = async () => {
      while (next < rows.length) outcomes.push(await this.deliver(rows[next++]!));
    };
    try {
      await Promise.all(Array.from({ length: Math.min(this.options.concurrency, rows.length) }, worker));
    } finally {
      // One transaction for the batch. Should this process die before it commits, the claimed rows
      // are taken again after their claim expires: delivered at least once, never lost.
      await this.outbox.record(outcomes);
    }
    for (const o of outcomes) {
      const row = rows.find((r) => r.id === o.id)!;
      if (o.kind === 'sent') this.events.sent(row);
      else if (o.kind === 'retry') this.events.retried(row);
      else if (o.kind === 'failed') this.events.failed(row);
    }
  }

  private async deliver(row: OutboxRow): Promise<Outcome> {
    let subject: string | null = row.subject;
    try {
      const rendered = await this.renderRow(row);
      if ('skip' in rendered) return { kind: 'skipped', id: row.id, at: now(), reason: rendered.skip };
      subject = rendered.subject;
      const messageId = `<${row.id}@${this.messageIdDomain()}>`;
      const info = await this.transport.send({ to: row.to, subject: rendered.subject, text: rendered.text, html: rendered.html, headers: headersFor(row, rendered.unsubscribeUrl), messageId, date: new Date() });
      return { kind: 'sent', id: row.id, at: now(), subject: rendered.subject, messageId: (info && info.messageId) || messageId, attempts: row.attempts + 1 };
    } catch (error) {
      const attempts = row.attempts + 1;
      const reply = failureReply(error);
      if (isTemporaryFailure(error) && attempts < this.options.maxAttempts) {
        const wait = this.options.retryBase * 2 ** (attempts - 1);
        this.logger.info({ outboxId: row.id, attempts, retryInMs: wait, reply }, 'email not delivered (temporary failure): it will be retried');
        return { kind: 'retry', id: row.id, attempts, nextAttemptAt: now() + wait, error: reply, subject };
      }
      this.logger.warn({ outboxId: row.id, attempts, reply }, 'email not delivered: marked failed');
      return { kind: 'failed', id: row.id, at: now(), attempts, error: reply, subject };
    }
  }
}

/**
 * Headers mail systems expect of a machine's mail: it is auto-generated (no out-of-office replies
 * to it: Auto-Submitted, and X-Auto-Response-Suppress for Exchange), notifications are bulk, and an
 * optional category carries the RFC 8058 one-click unsubscribe.
 */
export function headersFor(row: Pick<OutboxRow, 'category' | 'id'>, unsubscribeUrl: string | null): Record<string, string> {
  const category = categoryOf(row.category);
  const headers: Record<string, string> = {
    'Auto-Submitted': 'auto-generated',
    'X-Auto-Response-Suppress': 'All',
    'X-Opsenic-Category': row.category,
  };
  if (category?.optOut) headers['Precedence'] = 'bulk';
  if (category?.optOut && unsubscribeUrl) {
    headers['List-Unsubscribe'] = `<${unsubscribeUrl}>`;
    headers['List-Unsubscribe-Post'] = 'List-Unsubscribe=One-Click';
  }
  return headers;
}
