// What the privacy request routes and `opsenic dsar` use of the container: the whole container has
// all of it, and this component sees nothing else.
// (DsarDeps, in dsar.container.ts, is what the DSAR services are built from.)
import type { SessionsService } from '../sessions/sessions.service.js';
import type { UsersRepository } from '../accounts/users.repository.js';
import type { DsarErasure } from './dsar.erasure.js';
import type { DsarService } from './dsar.service.js';

export interface DsarAppDeps {
  services: { dsar: DsarService; dsarErasure: DsarErasure; sessions: SessionsService };
  /** Users: the names of the admins who placed the holds an erasure ran into. */
  repositories: { users: UsersRepository };
}
