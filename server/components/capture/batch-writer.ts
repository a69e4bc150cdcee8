// A bounded in-memory buffer written to the database in batches, off the request path.
// - push() never blocks and never throws: the row is buffered, or dropped and counted when the
//   buffer is full (the database is slow or down), so memory stays bounded.
// - Rows are written when a batch is full or after flushInterval, one batch at a time.
// - A failed batch goes back to the front of the buffer and is retried on the next interval.
// - stop() writes everything still buffered (graceful shutdown loses nothing while the database answers).

export interface BatchWriterOptions<T> {
  name: string;
  maxBuffered: number;
  batchSize: number;
  /** Under a backlog, a write takes up to this many batches at once (default 1). */
  catchUpFactor?: number;
  /**
   * Batches handed to write() before the first of them is done (default 1): with 2, the next batch is
   * prepared and sent while the database writes the current one. Rows stay in order unless a batch
   * fails while a later one succeeds.
   */
  inFlight?: number;
  flushIntervalMs: number;
  write(batch: T[]): Promise<void>;
  /** Rows that could not be kept: counted in a metric and logged by the owner. */
  onDrop(count: number, reason: 'buffer_full' | 'stopped'): void;
  /** A batch failed; it stays buffered for a retry. */
  onError(error: unknown, buffered: number): void;
  onWritten?(count: number): void;
}

export class BatchWriter<T> {
  private buffer: T[] = [];
  private timer?: NodeJS.Timeout;
  private flushing?: Promise<void>;
  private failing = false;
  private stopped = false;

  constructor(private readonly options: BatchWriterOptions<T>) {}

  get buffered(): number {
    return this.buffer.length;
  }

  get name(): string {
    return this.options.name;
  }

  push(item: T): boolean {
    if (this.stopped) {
      this.options.onDrop(1, 'stopped');
      return false;
    }
    if (this.buffer.length >= this.options.maxBuffered) {
      this.options.onDrop(1, 'buffer_full');
      return false;
    }
    this.buffer.push(item);
    if (this.buffer.length >= this.options.batchSize && !this.failing) void this.flush();
    else this.schedule();
    return true;
  }

  private schedule(): void {
    if (this.timer || this.stopped) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.flush();
    }, this.options.flushIntervalMs);
    this.timer.unref();
  }

  /** Writes what is buffered now, batch by batch; resolves when done or when a batch failed. */
  flush(): Promise<void> {
    this.flushing ??= this.drain().finally(() => {
      this.flushing = undefined;
      if (this.buffer.length) this.schedule();
    });
    return this.flushing;
  }

  private async drain(): Promise<void> {
    const depth = Math.max(1, this.options.inFlight ?? 1);
    const sent: Array<{ batch: T[]; result: Promise<unknown> }> = [];
    const send = () => {
      const batch = this.buffer.splice(0, this.nextBatchSize());
      // The outcome is kept as a value (never a rejected promise left waiting unobserved).
      sent.push({ batch, result: this.options.write(batch).then(() => undefined, (error: unknown) => ({ error })) });
    };
    while (this.buffer.length || sent.length) {
      while (this.buffer.length && sent.length < depth) send();
      const { batch, result } = sent.shift()!;
      const outcome = (await result) as { error: unknown } | undefined;
      if (!outcome) {
        this.failing = false;
        this.options.onWritten?.(batch.length);
        continue;
      }
      // A failed batch and those sent after it that failed too go back to the front, in their
      // order; those that were written count as written.
      this.failing = true;
      const back = [batch];
      for (const later of sent.splice(0)) {
        if ((await later.result) === undefined) this.options.onWritten?.(later.batch.length);
        else back.push(later.batch);
      }
      this.buffer.unshift(...back.flat());
      const excess = this.buffer.length - this.options.maxBuffered;
      if (excess > 0) {
        // Keep the oldest rows; the newest beyond the bound are dropped, and counted.
        this.buffer.length = this.options.maxBuffered;
        this.options.onDrop(excess, 'buffer_full');
      }
      this.options.onError(outcome.error, this.buffer.length);
      return;
    }
  }

  /**
   * batchSize rows, or up to catchUpFactor times as many while a backlog of that size waits: fewer,
   * larger transactions write a burst faster (each commit rewrites the index pages it touched).
   */
  private nextBatchSize(): number {
    const { batchSize, catchUpFactor = 1 } = this.options;
    const wholeBatches = Math.floor(this.buffer.length / batchSize);
    return batchSize * Math.max(1, Math.min(catchUpFactor, wholeBatches));
  }

  /**
   * Graceful shutdown: writes everything buffered. Retries a failing database until the deadline,
   * then drops (and counts) what is left.
   */
  async stop(deadlineMs = 5_000): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    const until = Date.now() + deadlineMs;
    for (;;) {
      await this.flush();
      if (!this.buffer.length) return;
      if (Date.now() >= until) break;
      await new Promise((resolve) => setTimeout(resolve, Math.min(250, this.options.flushIntervalMs)));
    }
    const left = this.buffer.length;
    this.buffer = [];
    this.options.onDrop(left, 'stopped');
  }
}
