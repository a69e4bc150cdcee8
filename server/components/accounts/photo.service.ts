// Profile photos: a person sets or removes their own; an admin may remove anyone's in their
// workspace (an unsuitable picture); colleagues of the same workspace see it.
import type { Knex } from 'knex';
import { ForbiddenError, NotFoundError } from '../../platform/errors.js';
import type { Actor } from '../policy/policy.js';
import { userActor, type AuditService } from '../audit/audit.service.js';
import type { UsersRepository } from './users.repository.js';
import type { PhotoImage, PhotosRepository } from './photo.repository.js';
import { encodePhoto } from './photo.image.js';

export class PhotosService {
  constructor(
    private readonly knex: Knex,
    private readonly repo: PhotosRepository,
    private readonly users: UsersRepository,
    private readonly audit?: AuditService,
  ) {}

  /** The actor's own photo, replaced by the upload once it is re-encoded (nothing is stored when it is refused). */
  async upload(actor: Actor, bytes: Buffer): Promise<string> {
    const encoded = await encodePhoto(bytes);
    await this.knex.transaction(async (trx) => {
      await this.repo.save({ userId: actor.id, workspaceId: actor.workspaceId, etag: encoded.etag, contentType: encoded.contentType, large: encoded.large, small: encoded.small }, Date.now(), trx);
      await this.audit?.record(userActor(actor), 'profile.photo.set', { workspaceId: actor.workspaceId, target: { type: 'user', id: actor.id } }, trx);
    });
    return encoded.etag;
  }

  /** Removes a photo: the person's own, or (admin) a colleague's of the same workspace. */
  async remove(actor: Actor, personId: string): Promise<void> {
    if (personId !== actor.id) {
      if (actor.role !== 'admin') throw new ForbiddenError();
      if (!(await this.users.findInWorkspace(actor.workspaceId, personId))) throw new NotFoundError();
    }
    await this.knex.transaction(async (trx) => {
      if (await this.repo.remove(personId, trx)) await this.audit?.record(userActor(actor), 'profile.photo.remove', { workspaceId: actor.workspaceId, target: { type: 'user', id: personId } }, trx);
    });
  }

  /** A colleague's photo (same workspace only: anyone else is as unknown as a made-up id). */
  async photoOf(actor: Actor, personId: string, size: 'large' | 'small'): Promise<PhotoImage> {
    const person = await this.users.findInWorkspace(actor.workspaceId, personId);
    const photo = person && person.status !== 'deleted' ? await this.repo.image(person.id, size) : undefined;
    if (!photo) throw new NotFoundError();
    return photo;
  }

  version(personId: string): Promise<string | null> {
    return this.repo.version(personId);
  }
}
