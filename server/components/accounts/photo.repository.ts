// Profile photos (user_photos): knex only, one row per person, the images as base64 text.
import type { Knex } from 'knex';

export interface StoredPhoto {
  userId: string;
  etag: string;
  contentType: string;
  large: Buffer;
  small: Buffer;
  createdAt: number;
}

/**
 * The photo version of the person in `userIdColumn` (null without a photo), as a column of a query
 * that reads people: pages draw the photo, or the initials, from it without a second query.
 */
export function photoVersionColumn(knex: Knex, userIdColumn: string): Knex.Raw {
  return knex.raw(`(SELECT ph.etag FROM user_photos ph WHERE ph.user_id = ${userIdColumn}) AS photo_etag`);
}

export class PhotosRepository {
  constructor(private readonly knex: Knex) {}

  async find(userId: string): Promise<StoredPhoto | undefined> {
    const row = await this.knex('user_photos').where({ user_id: userId }).first();
    if (!row) return undefined;
    return { userId: row.user_id, etag: row.etag, contentType: row.content_type, large: Buffer.from(row.large, 'base64'), small: Buffer.from(row.small, 'base64'), createdAt: Number(row.created_at) };
  }

  async version(userId: string): Promise<string | null> {
    const row = await this.knex('user_photos').where({ user_id: userId }).first('etag');
    return row?.etag ?? null;
  }

  /** Replaces the person's photo (one per person). */
  async save(photo: Omit<StoredPhoto, 'createdAt'> & { workspaceId: string }, at: number, trx?: Knex.Transaction): Promise<void> {
    const row = { user_id: photo.userId, workspace_id: photo.workspaceId, etag: photo.etag, content_type: photo.contentType, large: photo.large.toString('base64'), small: photo.small.toString('base64'), created_at: at };
    await (trx ?? this.knex)('user_photos').insert(row).onConflict('user_id').merge();
  }

  async remove(userId: string, trx?: Knex.Transaction): Promise<boolean> {
    return (await (trx ?? this.knex)('user_photos').where({ user_id: userId }).delete()) > 0;
  }
}
