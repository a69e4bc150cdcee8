// People pages: a colleague's profile (visible to their workspace only), their node memberships,
// and the directory. Sections of a person page come from the sections component.
import { NotFoundError } from '../../platform/errors.js';
import type { Actor } from '../policy/policy.js';
import type { User, UsersRepository } from '../accounts/users.repository.js';
import type { Membership, PeopleRepository, PersonSummary } from './people.repository.js';

export const DIRECTORY_PAGE = 50;

export class PeopleService {
  constructor(
    private readonly repo: PeopleRepository,
    private readonly users: UsersRepository,
  ) {}

  /** A person of the actor's workspace; anyone else (or an unknown id) is a 404. */
  async person(actor: Actor, id: string): Promise<User> {
    const user = await this.users.findInWorkspace(actor.workspaceId, id);
    if (!user) throw new NotFoundError();
    return user;
  }

  memberships(actor: Actor, personId: string): Promise<Membership[]> {
    return this.repo.memberships(actor.workspaceId, personId);
  }

  directory(actor: Actor, options: { q?: string; page: number }): Promise<{ people: PersonSummary[]; total: number }> {
    return this.repo.directory(actor.workspaceId, { q: options.q, offset: (options.page - 1) * DIRECTORY_PAGE, limit: DIRECTORY_PAGE });
  }
}
