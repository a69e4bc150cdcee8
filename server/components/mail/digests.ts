// Daily and weekly activity digests, per person in their time zone. Once the person's local hour
// reaches mail.digestHour (Mondays for the weekly one), one digest row is queued for the period;
// email_digests remembers the period with a compare-and-set, so it is queued once across replicas
// and restarts. The digest says nothing itself: it is rendered at send time from the person's
// unread notifications they may still read (templates.ts), and skipped when nothing is left.
import type { Knex } from 'knex';
import { now } from '../../platform/ids.js';
import { categories, effectiveMode } from './categories.js';
import type { OutboxMailer } from './outbox.js';
import type { PreferencesRepository } from './preferences.repository.js';

const day = 86_400_000;

/** Which notification kinds each activity category covers. */
const kindsOf: Record<string, string[]> = { mentions: ['mention'], replies: ['reply'], feedback: ['feedback'], oneonones: ['oneonone_item', 'oneonone_action'] };

/** The local date (YYYY-MM-DD), hour and weekday (1 = Monday) of an instant in a time zone. */
// Building a formatter costs far more than using one, and the digest look runs every minute for
// everyone with something unread: one per zone, kept.
const zoneFormats = new Map<string, Intl.DateTimeFormat>();

function zoneFormat(timeZone: string): Intl.DateTimeFormat {
  let format = zoneFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', hourCycle: 'h23', weekday: 'short' });
    if (zoneFormats.size > 500) zoneFormats.clear();
    zoneFormats.set(timeZone, format);
  }
  return format;
}

export function localTime(at: number, timeZone: string | null): { date: string; hour: number; weekday: number } {
  let parts: Intl.DateTimeFormatPart[];
  try {
    parts = zoneFormat(timeZone || 'UTC').formatToParts(new Date(at));
  } catch {
    return localTime(at, 'UTC'); // an unknown zone in a profile: UTC rather than no digest
  }
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  const weekday = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'].indexOf(get('weekday')) + 1;
  return { date: `${get('year')}-${get('month')}-${get('day')}`, hour: Number(get('hour')), weekday };
}

export class DigestPlanner {
  constructor(
    private readonly knex: Knex,
    private readonly preferences: PreferencesRepository,
    private readonly mailer: OutboxMailer,
    private readonly digestHour: number,
  ) {}

  /** Queues the digests that are due at `at`; returns how many were queued. */
  async queueDue(at = now()): Promise<number> {
    // Only people with something unread from the last week can have a digest to get.
    const candidates: Array<{ id: string; workspace_id: string; email: string; time_zone: string | null }> = await this.knex('users as u')
      .where('u.status', 'active')
      .whereExists((q) => q.select(q.client.raw('1')).from('notifications as n').whereRaw('n.user_id = u.id').whereNull('n.read_at').where('n.created_at', '>', at - 8 * day))
      .select('u.id', 'u.workspace_id', 'u.email', 'u.time_zone');
    if (!candidates.length) return 0;
    const modes = await this.preferences.modesOf(candidates.map((c) => c.id));
    // The periods already done, read at once: this runs every minute while the outbox works, and a
    // transaction per person just to find their day done held SQLite's one connection from pages.
    const done = new Set<string>();
    for (let i = 0; i < candidates.length; i += 500) {
      const rows: Array<{ user_id: string; frequency: string; period: string }> = await this.knex('email_digests').whereIn('user_id', candidates.slice(i, i + 500).map((c) => c.id)).select('user_id', 'frequency', 'period');
      for (const r of rows) done.add(`${r.user_id}|${r.frequency}|${r.period}`);
    }
    let queued = 0;
    for (const user of candidates) {
      const local = localTime(at, user.time_zone);
      if (local.hour < this.digestHour) continue;
      for (const frequency of ['daily', 'weekly'] as const) {
        if (frequency === 'weekly' && local.weekday !== 1) continue;
        const kinds = categories.filter((c) => c.group === 'activity' && effectiveMode(c, modes.get(user.id)?.get(c.id)) === frequency).flatMap((c) => kindsOf[c.id] ?? []);
        if (!kinds.length || done.has(`${user.id}|${frequency}|${local.date}`)) continue;
        if (await this.claimPeriod(user, frequency, local.date, at, kinds)) queued++;
      }
    }
    return queued;
  }

  private async claimPeriod(user: { id: string; workspace_id: string; email: string }, frequency: 'daily' | 'weekly', period: string, at: number, kinds: string[]): Promise<boolean> {
    return this.knex.transaction(async (trx) => {
      const previous = await trx('email_digests').where({ user_id: user.id, frequency }).first();
      if (previous?.period === period) return false;
      if (previous) {
        const changed = await trx('email_digests').where({ user_id: user.id, frequency, period: previous.period }).update({ period, until_at: at });
        if (changed !== 1) return false;
      } else {
        const inserted = await trx('email_digests').insert({ user_id: user.id, frequency, period, until_at: at }).onConflict(['user_id', 'frequency']).ignore();
        if (Array.isArray(inserted) && inserted.length === 0) return false;
      }
      const since = previous ? Number(previous.until_at) : at - (frequency === 'daily' ? day : 7 * day);
      // The period is done either way; a digest is queued only when something unread falls in it
      // (what it may still show is decided at send time).
      const anything = await trx('notifications').where({ user_id: user.id }).whereNull('read_at').whereIn('kind', kinds).where('created_at', '>=', since).where('created_at', '<', at).first('id');
      if (!anything) return false;
      await this.mailer.queue([{ to: user.email, template: 'digest', category: 'digests', userId: user.id, workspaceId: user.workspace_id, data: { frequency, since, until: at, kinds } }], trx);
      return true;
    });
  }
}
