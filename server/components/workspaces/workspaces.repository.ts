import type { Knex } from 'knex';
import { isUniqueViolation } from '../../db/errors.js';

export type WorkspaceKind = 'primary' | 'sandbox';
export type SignupMode = 'open' | 'invite';

export interface Workspace {
  id: string;
  kind: WorkspaceKind;
  name: string;
  /** null: follow the `accounts.signup` config key. */
  signupMode: SignupMode | null;
  /** Sandboxes expire; the primary workspace never does. */
  expiresAt: number | null;
  createdAt: number;
}

const fromRow = (row: Record<string, unknown>): Workspace => ({
  id: row.id as string,
  kind: row.kind as WorkspaceKind,
  name: row.name as string,
  signupMode: (row.signup_mode as SignupMode) ?? null,
  expiresAt: row.expires_at === null ? null : Number(row.expires_at),
  createdAt: Number(row.created_at),
});

export class WorkspacesRepository {
  constructor(private readonly knex: Knex) {}

  async findPrimary(): Promise<Workspace | undefined> {
    const row = await this.knex('workspaces').where({ kind: 'primary' }).first();
    return row ? fromRow(row) : undefined;
  }

  async findById(id: string): Promise<Workspace | undefined> {
    const row = await this.knex('workspaces').where({ id }).first();
    return row ? fromRow(row) : undefined;
  }

  /** Inserts unless a primary workspace already exists (the unique index decides under concurrency). */
  async insertPrimaryIfMissing(workspace: Workspace): Promise<void> {
    if (await this.findPrimary()) return;
    try {
      await this.insert({ ...workspace, kind: 'primary', signupMode: null, expiresAt: null });
    } catch (error) {
      if (!isUniqueViolation(error)) throw error; // another process created it first
    }
  }

  async insert(workspace: Workspace): Promise<void> {
    await this.knex('workspaces').insert({
      id: workspace.id,
      kind: workspace.kind,
      name: workspace.name,
      signup_mode: workspace.signupMode,
      expires_at: workspace.expiresAt,
      created_at: workspace.createdAt,
    });
  }

  async setSignupMode(id: string, mode: SignupMode | null): Promise<void> {
    await this.knex('workspaces').where({ id }).update({ signup_mode: mode });
  }
}
