// Feedback rows. Every read goes through the policy's SQL filter (filters.readableFeedback), so a
// feedback the reader may not see never leaves the database, not even as a count.
import type { Knex } from 'knex';
import { ReadTemplate } from '../../db/read-template.js';
import { photoVersionColumn } from '../accounts/photo.repository.js';
import { filters, type Actor } from '../policy/policy.js';
import type { FeedbackVisibility } from './feedback.schema.js';

export interface Feedback {
  id: string;
  workspaceId: string;
  giverId: string | null;
  recipientId: string;
  body: string;
  visibility: FeedbackVisibility;
  createdAt: number;
  values: string[];
}

export interface FeedbackView extends Feedback {
  giver: { id: string; firstName: string; lastName: string; photo?: string | null } | null;
  recipient: { id: string; firstName: string; lastName: string; photo?: string | null };
}

type Row = Record<string, any>;

// Listed on Home and on every person page: built once per shape as a read template (db/read-template.ts).
const readable = new ReadTemplate<{ actorId: string; workspaceId: string; recipientId: string | null; giverId: string | null }, { role: Actor['role']; limit: number; byRecipient: boolean; byGiver: boolean }>(
  'feedback.listReadable',
  (knex, v, shape) => {
    const query = knex('feedback as f')
      .modify(filters.readableFeedback({ id: v.actorId, workspaceId: v.workspaceId, role: shape.role }, 'f'))
      .join('users as r', 'r.id', 'f.recipient_id')
      .leftJoin('users as g', 'g.id', 'f.giver_id')
      .select('f.*', 'r.first_name as r_first', 'r.last_name as r_last', 'g.first_name as g_first', 'g.last_name as g_last', photoVersionColumn(knex, 'f.giver_id'), photoVersionColumn(knex, 'f.recipient_id', 'r_photo_etag'))
      .orderBy([{ column: 'f.created_at', order: 'desc' }, { column: 'f.id' }])
      .limit(shape.limit);
    if (shape.byRecipient) query.where('f.recipient_id', v.recipientId);
    if (shape.byGiver) query.where('f.giver_id', v.giverId);
    return query;
  },
);

// The values of the listed feedback: one shape per number of feedback listed (Home's three, a
// person page's up to 200), each id a bound value. Longer lists (a lookup reads up to 10,000) are
// built each time instead of adding a kept SQL per length.
const templatedValuesUpTo = 200;
const valuesQuery = (knex: Knex, ids: string[]) => knex('feedback_values').whereIn('feedback_id', ids).orderBy('value').select('feedback_id', 'value');
const valuesOf = new ReadTemplate<Record<string, string>, { count: number }>('feedback.valuesOf', (knex, v, { count }) =>
  valuesQuery(knex, Array.from({ length: count }, (_, i) => v[`id${i}`]!)),
);

export class FeedbackRepository {
  constructor(private readonly knex: Knex) {}

  async insert(f: Feedback, trx: Knex.Transaction): Promise<void> {
    await trx('feedback').insert({ id: f.id, workspace_id: f.workspaceId, giver_id: f.giverId, recipient_id: f.recipientId, body: f.body, visibility: f.visibility, created_at: f.createdAt });
    if (f.values.length) await trx('feedback_values').insert(f.values.map((value) => ({ feedback_id: f.id, workspace_id: f.workspaceId, value })));
  }

  /** Feedback the actor may read, about one person, or received/given by the actor. */
  async listReadable(actor: Actor, filter: { recipientId?: string; giverId?: string; limit?: number }): Promise<FeedbackView[]> {
    const rows = await readable.rows(
      this.knex,
      { actorId: actor.id, workspaceId: actor.workspaceId, recipientId: filter.recipientId ?? null, giverId: filter.giverId ?? null },
      { role: actor.role, limit: filter.limit ?? 200, byRecipient: Boolean(filter.recipientId), byGiver: Boolean(filter.giverId) },
    );
    const ids = rows.map((r) => r.id as string);
    const values = !ids.length
      ? []
      : ids.length <= templatedValuesUpTo
        ? await valuesOf.rows(this.knex, Object.fromEntries(ids.map((id, i) => [`id${i}`, id])), { count: ids.length })
        : await valuesQuery(this.knex, ids);
    return rows.map((r) => ({
      id: r.id,
      workspaceId: r.workspace_id,
      giverId: r.giver_id ?? null,
      recipientId: r.recipient_id,
      body: r.body,
      visibility: r.visibility,
      createdAt: Number(r.created_at),
      values: values.filter((v: Row) => v.feedback_id === r.id).map((v: Row) => v.value as string),
      giver: r.giver_id ? { id: r.giver_id, firstName: r.g_first, lastName: r.g_last, photo: r.photo_etag ?? null } : null,
      recipient: { id: r.recipient_id, firstName: r.r_first, lastName: r.r_last, photo: r.r_photo_etag ?? null },
    }));
  }

  async findReadable(actor: Actor, id: string): Promise<FeedbackView | undefined> {
    const query = this.knex('feedback as f').modify(filters.readableFeedback(actor, 'f')).where('f.id', id).select('f.recipient_id').first();
    const row = await query;
    if (!row) return undefined;
    return (await this.listReadable(actor, { recipientId: row.recipient_id, limit: 10_000 })).find((f) => f.id === id);
  }

  /**
   * The workspace's Values: the list items (or headings) of its public "Values" sections, in order,
   * each cut at its first colon or dash ("**Candor**: we say it" → "Candor").
   */
  async workspaceValues(workspaceId: string): Promise<string[]> {
    const rows: Row[] = await this.knex('sections')
      .where({ workspace_id: workspaceId, kind: 'values', visibility: 'public' })
      .whereNull('deleted_at')
      .whereNotNull('node_id')
      .orderBy([{ column: 'created_at' }, { column: 'id' }])
      .select('body')
      .limit(20);
    const seen = new Map<string, string>();
    for (const { body } of rows) {
      for (const line of String(body).split(/\r\n?|\n/)) { // a browser's textarea sends CRLF
        const match = /^\s*(?:[-*+]|\d+[.)]|#{2,4})\s+(.+)$/.exec(line);
        if (!match) continue;
        const label = match[1]!
          .replace(/[*_`]/g, '')
          .split(/\s*(?::|\s[—–-]\s)/)[0]!
          .trim()
          .slice(0, 100);
        if (label && !seen.has(label.toLowerCase())) seen.set(label.toLowerCase(), label);
        if (seen.size >= 50) break;
      }
    }
    return [...seen.values()];
  }
}
