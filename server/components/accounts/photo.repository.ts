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

/** One size of a photo, as served. */
export interface PhotoImage {
  etag: string;
  contentType: string;
  bytes: Buffer;
}

/**
 * The photo version of the person in `userIdColumn` (null without a photo), as a column of a query
 * that reads people: pages draw the photo, or the initials, from it without a second query.
 */
export function photoVersionColumn(knex: Knex, userIdColumn: string, alias = 'photo_etag'): Knex.Raw {
  return knex.raw(`(SELECT ph.etag FROM user_photos ph WHERE ph.user_id = ${userIdColumn}) AS ${alias}`);
}

export class PhotosRepository {
  constructor(private readonly knex: Knex) {}

  /** One size only: the page of a directory asks for 50 small ones, none needs the large image read. */
  async image(userId: string, size: 'large' | 'small'): Promise<PhotoImage | undefined> {
    const row = await this.knex('user_photos').where({ user_id: userId }).first('etag', 'content_type', size === 'large' ? 'large as image' : 'small as image');
    return row ? { etag: row.etag, contentType: row.content_type, bytes: Buffer.from(row.image, 'base64') } : undefined;
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
