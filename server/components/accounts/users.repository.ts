// Users and their profile: knex only, plain objects, an optional transaction.
import type { Knex } from 'knex';
import { photoVersionColumn } from './photo.repository.js';

/** privacy: a privacy contact who handles data subject requests (issue 6) without being an admin; otherwise a member. */
export type Role = 'member' | 'admin' | 'privacy';
/** `deleted`: the person (or an admin) deleted the account; sign-in stops, and retention purges it after the grace period. */
export type UserStatus = 'active' | 'disabled' | 'deleted';

export interface Profile {
  company: string | null;
  title: string | null;
  phone: string | null;
  bio: string | null;
  timeZone: string | null;
  language: string | null;
}

export interface User extends Profile {
  id: string;
  workspaceId: string;
  email: string;
  firstName: string;
  lastName: string;
  passwordHash: string | null;
  role: Role;
  status: UserStatus;
  createdAt: number;
  updatedAt: number;
  lastSignInAt: number | null;
  /** When the account was deleted (start of the grace period before the purge). */
  deletedAt: number | null;
  /** The version of the person's profile photo, where the read included it (photoVersionColumn); null: none. */
  photo?: string | null;
}

type Row = Record<string, unknown>;

/** A users row as a User (also used where a users row is read with another table, see session-store.ts). */
export const userFromRow = (row: Row): User => ({
  id: row.id as string,
  workspaceId: row.workspace_id as string,
  email: row.email as string,
  firstName: row.first_name as string,
  lastName: row.last_name as string,
  passwordHash: (row.password_hash as string) ?? null,
  role: row.role as Role,
  status: row.status as UserStatus,
  company: (row.company as string) ?? null,
  title: (row.title as string) ?? null,
  phone: (row.phone as string) ?? null,
  bio: (row.bio as string) ?? null,
  timeZone: (row.time_zone as string) ?? null,
  language: (row.language as string) ?? null,
  createdAt: Number(row.created_at),
  updatedAt: Number(row.updated_at),
  lastSignInAt: row.last_sign_in_at === null ? null : Number(row.last_sign_in_at),
  deletedAt: row.deleted_at === null || row.deleted_at === undefined ? null : Number(row.deleted_at),
  ...(row.photo_etag !== undefined ? { photo: (row.photo_etag as string | null) ?? null } : {}),
});

const profileColumns: Record<keyof Profile, string> = {
  company: 'company',
  title: 'title',
  phone: 'phone',
  bio: 'bio',
  timeZone: 'time_zone',
  language: 'language',
};

export type NewUser = Pick<User, 'id' | 'workspaceId' | 'email' | 'firstName' | 'lastName' | 'passwordHash' | 'role' | 'createdAt'>;

export class UsersRepository {
  constructor(private readonly knex: Knex) {}

  private table(trx?: Knex.Transaction) {
    return (trx ?? this.knex)('users');
  }

  async insert(user: NewUser, trx?: Knex.Transaction): Promise<void> {
    await this.table(trx).insert({
      id: user.id,
      workspace_id: user.workspaceId,
      email: user.email,
      email_lower: user.email.toLowerCase(),
      first_name: user.firstName,
      last_name: user.lastName,
      password_hash: user.passwordHash,
      role: user.role,
      status: 'active',
      created_at: user.createdAt,
      updated_at: user.createdAt,
    });
  }

  async findById(id: string, trx?: Knex.Transaction): Promise<User | undefined> {
    const row = await this.table(trx).where({ id }).first('users.*', photoVersionColumn(this.knex, 'users.id'));
    return row ? userFromRow(row) : undefined;
  }

  /** Same workspace only: a user id from another workspace is as unknown as a made-up one. */
  async findInWorkspace(workspaceId: string, id: string): Promise<User | undefined> {
    const row = await this.table().where({ id, workspace_id: workspaceId }).first('users.*', photoVersionColumn(this.knex, 'users.id'));
    return row ? userFromRow(row) : undefined;
  }

  async findByEmail(email: string, trx?: Knex.Transaction): Promise<User | undefined> {
    const row = await this.table(trx).where({ email_lower: email.toLowerCase() }).first();
    return row ? userFromRow(row) : undefined;
  }

  async list(filter: { workspaceId?: string } = {}): Promise<User[]> {
    const query = this.table().orderBy('email_lower');
    if (filter.workspaceId) query.where({ workspace_id: filter.workspaceId });
    return (await query).map(userFromRow);
  }

  /**
   * One page of a workspace's people for the admin list: a search on name or email, filters on role
   * and status, the count and the page in the query (the list must work with 10,000 people).
   */
  async page(filter: { workspaceId: string; q?: string; role?: Role; status?: UserStatus; page: number; pageSize: number }): Promise<{ users: User[]; total: number }> {
    const where = (qb: Knex.QueryBuilder) => {
      qb.where({ workspace_id: filter.workspaceId });
      if (filter.role) qb.where({ role: filter.role });
      if (filter.status) qb.where({ status: filter.status });
      if (filter.q) {
        const like = `%${filter.q.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
        qb.where((w) =>
          w
            .whereRaw(`email_lower like ? escape '\\'`, [like])
            .orWhereRaw(`lower(first_name || ' ' || last_name) like ? escape '\\'`, [like])
            .orWhereRaw(`lower(coalesce(title, '')) like ? escape '\\'`, [like]),
        );
      }
    };
    const [rows, count] = await Promise.all([
      this.table().modify(where).select('users.*', photoVersionColumn(this.knex, 'users.id')).orderBy([{ column: 'last_name' }, { column: 'first_name' }, { column: 'id' }]).limit(filter.pageSize).offset((filter.page - 1) * filter.pageSize),
      this.table().modify(where).count<{ n: number }[]>({ n: '*' }).first(),
    ]);
    return { users: rows.map(userFromRow), total: Number(count?.n ?? 0) };
  }

  async countAdmins(trx?: Knex.Transaction): Promise<number> {
    const row = await this.table(trx).where({ role: 'admin', status: 'active' }).count<{ n: number }[]>({ n: '*' }).first();
    return Number(row?.n ?? 0);
  }

  async update(id: string, changes: Partial<Pick<User, 'email' | 'passwordHash' | 'role' | 'status' | 'firstName' | 'lastName' | 'lastSignInAt' | 'deletedAt'> & Profile>, trx?: Knex.Transaction): Promise<void> {
    const row: Row = { updated_at: Date.now() };
    // Email changes come from provisioning (SCIM); email_lower keeps the case-insensitive uniqueness.
    if (changes.email !== undefined) Object.assign(row, { email: changes.email, email_lower: changes.email.toLowerCase() });
    if (changes.passwordHash !== undefined) row.password_hash = changes.passwordHash;
    if (changes.role !== undefined) row.role = changes.role;
    if (changes.status !== undefined) row.status = changes.status;
    if (changes.firstName !== undefined) row.first_name = changes.firstName;
    if (changes.lastName !== undefined) row.last_name = changes.lastName;
    if (changes.lastSignInAt !== undefined) row.last_sign_in_at = changes.lastSignInAt;
    if (changes.deletedAt !== undefined) row.deleted_at = changes.deletedAt;
    for (const [key, column] of Object.entries(profileColumns)) {
      const value = changes[key as keyof Profile];
      if (value !== undefined) row[column] = value;
    }
    await this.table(trx).where({ id }).update(row);
  }
}
