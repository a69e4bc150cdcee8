// Each person's choice per email category, and each workspace's opt-in/opt-out setting for the
// optional categories. Knex only; every read takes the caller's transaction (SQLite has one writer).
import type { Knex } from 'knex';

type Db = Knex | Knex.Transaction;
export type Consent = 'opt_in' | 'opt_out';

export class PreferencesRepository {
  constructor(private readonly knex: Knex) {}

  /** userId -> category -> mode, for the given people. */
  async modesOf(userIds: string[], db: Db = this.knex): Promise<Map<string, Map<string, string>>> {
    const result = new Map<string, Map<string, string>>();
    for (let i = 0; i < userIds.length; i += 500) {
      const rows: Array<{ user_id: string; category: string; mode: string }> = await db('email_preferences').whereIn('user_id', userIds.slice(i, i + 500)).select('user_id', 'category', 'mode');
      for (const r of rows) {
        if (!result.has(r.user_id)) result.set(r.user_id, new Map());
        result.get(r.user_id)!.set(r.category, r.mode);
      }
    }
    return result;
  }

  async setMode(userId: string, workspaceId: string, category: string, mode: string, at: number, db: Db = this.knex): Promise<void> {
    await db('email_preferences').insert({ user_id: userId, workspace_id: workspaceId, category, mode, updated_at: at }).onConflict(['user_id', 'category']).merge(['mode', 'updated_at']);
  }

  async consents(workspaceId: string, db: Db = this.knex): Promise<Map<string, Consent>> {
    const rows: Array<{ category: string; consent: Consent }> = await db('email_category_settings').where({ workspace_id: workspaceId }).select('category', 'consent');
    return new Map(rows.map((r) => [r.category, r.consent]));
  }

  async setConsent(workspaceId: string, category: string, consent: Consent, at: number): Promise<void> {
    await this.knex('email_category_settings').insert({ workspace_id: workspaceId, category, consent, updated_at: at }).onConflict(['workspace_id', 'category']).merge(['consent', 'updated_at']);
  }
}
