// Leases in the database (job_locks), so that one retention run happens at a time across processes
// and replicas, and a scheduled tick runs once across all replicas (last_tick). A lease whose holder
// died is taken over: at once when the holder was a process on this host that no longer exists
// (a killed CLI run), otherwise when its lease expires (a replica that vanished).
import os from 'node:os';
import type { Knex } from 'knex';
import { newId, now } from '../../platform/ids.js';

export interface LockHolder {
  holder: string;
  host: string | null;
  pid: number | null;
  acquiredAt: number | null;
  leaseUntil: number | null;
}

export interface Lease {
  name: string;
  token: string;
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export class JobLocks {
  private readonly host = os.hostname().slice(0, 255);

  constructor(private readonly knex: Knex) {}

  /**
   * Takes the lease `name` for leaseMs. With `tick`, only when no process has run that tick yet
   * (the scheduled time of a cron tick): a tick runs once across replicas.
   * Returns the lease, or the current holder when someone alive holds it, or 'tick-done'.
   */
  async acquire(name: string, leaseMs: number, tick?: number): Promise<Lease | { busy: LockHolder } | 'tick-done'> {
    await this.knex('job_locks').insert({ name }).onConflict('name').ignore();
    for (let attempt = 0; attempt < 5; attempt++) {
      const row = await this.knex('job_locks').where({ name }).first();
      const at = now();
      const lastTick = row.last_tick === null ? null : Number(row.last_tick);
      if (tick !== undefined && lastTick !== null && lastTick >= tick) return 'tick-done';
      const leaseUntil = row.lease_until === null ? null : Number(row.lease_until);
      const free = !row.holder || leaseUntil === null || leaseUntil < at || (row.host === this.host && row.pid !== null && row.pid !== process.pid && !processAlive(Number(row.pid)));
      if (!free) return { busy: { holder: row.holder, host: row.host, pid: row.pid === null ? null : Number(row.pid), acquiredAt: row.acquired_at === null ? null : Number(row.acquired_at), leaseUntil } };
      const token = newId();
      // Compare-and-set: succeeds only if nobody changed the row since we read it.
      const query = this.knex('job_locks').where({ name });
      if (row.holder === null) query.whereNull('holder');
      else query.where({ holder: row.holder });
      const changed = await query.update({ holder: token, host: this.host, pid: process.pid, acquired_at: at, lease_until: at + leaseMs, last_tick: tick ?? lastTick });
      if (changed === 1) return { name, token };
    }
    const row = await this.knex('job_locks').where({ name }).first();
    return { busy: { holder: row.holder, host: row.host, pid: row.pid, acquiredAt: row.acquired_at, leaseUntil: row.lease_until } };
  }

  /** Extends the lease; false when it was lost (expired and taken over by someone else). */
  async renew(lease: Lease, leaseMs: number, trx?: Knex.Transaction): Promise<boolean> {
    const changed = await (trx ?? this.knex)('job_locks').where({ name: lease.name, holder: lease.token }).update({ lease_until: now() + leaseMs });
    return changed === 1;
  }

  async release(lease: Lease): Promise<void> {
    await this.knex('job_locks').where({ name: lease.name, holder: lease.token }).update({ holder: null, host: null, pid: null, lease_until: null });
  }
}
