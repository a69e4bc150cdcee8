// Bulk inserts into SQLite on a thread of their own. better-sqlite3 is synchronous: on the main
// thread, every batch of log rows stopped all requests while it ran (~10 ms per 500 rows) and used
// the core that serves them. The thread has its own connection to the same file (WAL: one writer
// at a time, each waits for the other through busy_timeout), so inserts use the second core and the
// event loop keeps serving. Started on first use; idle, it does not keep the process alive.
import { Worker } from 'node:worker_threads';

interface Pending {
  resolve(reply: Record<string, unknown>): void;
  reject(error: Error): void;
}

/** An insert that failed in the thread: the message and SQLite's code (e.g. SQLITE_BUSY), as thrown there. */
export class SqliteInsertError extends Error {
  constructor(
    message: string,
    readonly code?: string,
  ) {
    super(message);
    this.name = 'SqliteInsertError';
  }
}

export interface SqliteInsertThreadOptions {
  file: string;
  busyTimeoutMs: number;
  walAutocheckpoint: number;
  /** PRAGMA secure_delete of the thread's connection (on, except in benchmarks that measure its cost). */
  secureDelete: boolean;
}

export class SqliteInsertThread {
  private worker?: Worker;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private closed = false;

  constructor(private readonly options: SqliteInsertThreadOptions) {}

  /** Runs `INSERT` of every row (values in `sql`'s placeholder order) as one transaction. */
  insert(sql: string, rows: unknown[][]): Promise<void> {
    if (this.closed) return Promise.reject(new Error('the SQLite insert thread is closed'));
    return this.send({ sql, rows });
  }

  /** The thread's connection's settings as SQLite reports them (for tests: every connection runs secure_delete). */
  async settings(): Promise<Record<string, unknown>> {
    if (this.closed) throw new Error('the SQLite insert thread is closed');
    let settings: Record<string, unknown> = {};
    await this.send({ settings: true }, (reply) => (settings = reply.settings as Record<string, unknown>));
    return settings;
  }

  /** Closes the thread's connection and ends the thread (after the inserts already sent). */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (!this.worker) return;
    const worker = this.worker;
    await this.send({ close: true }).catch(() => {});
    await worker.terminate();
  }

  private send(message: Record<string, unknown>, onReply?: (reply: Record<string, unknown>) => void): Promise<void> {
    const worker = this.started();
    const id = this.nextId++;
    return new Promise<void>((resolve, reject) => {
      this.pending.set(id, { resolve: (reply) => (onReply?.(reply), resolve()), reject });
      worker.ref();
      worker.postMessage({ id, ...message });
    });
  }

  private started(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(new URL('./sqlite-insert-worker.mjs', import.meta.url), {
      workerData: this.options,
      // The thread needs no loader of the parent's (it is plain JavaScript).
      execArgv: [],
    });
    worker.unref();
    worker.on('message', (reply: { id: number; error?: { message: string; code?: string } } & Record<string, unknown>) => {
      const waiting = this.pending.get(reply.id);
      if (!waiting) return;
      this.pending.delete(reply.id);
      if (!this.pending.size) worker.unref();
      if (reply.error) waiting.reject(new SqliteInsertError(reply.error.message, reply.error.code));
      else waiting.resolve(reply);
    });
    const fail = (error: Error) => {
      // The thread died (it could not open the file, or crashed): what was sent fails and is retried
      // by the caller; the next insert starts a new thread.
      if (this.worker === worker) this.worker = undefined;
      for (const [, waiting] of this.pending) waiting.reject(error);
      this.pending.clear();
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`the SQLite insert thread exited (code ${code})`)));
    this.worker = worker;
    return worker;
  }
}
