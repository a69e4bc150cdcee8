// The shape of the "who may do what" tables (test/integration/access/*.access.ts).
import type { Person } from '../../support/people.js';

export const roles = ['anonymous', 'member', 'nodeMember', 'nodeLead', 'admin', 'outsider'] as const;
export type Role = (typeof roles)[number];

/** The situation every case runs against, and builders for resources a write consumes. */
export interface AccessFixture {
  people: Record<Exclude<Role, 'anonymous'>, Person>;
  ids: { teams: string; products: string; custom: string; node: string; publicSection: string; restrictedSection: string };
  fresh: {
    person(): Promise<{ id: string; email: string }>;
    membership(): Promise<string>;
    editor(): Promise<string>;
    productNode(): Promise<string>;
    link(): Promise<string>;
    section(): Promise<string>;
    /** A section deleted a moment ago (for the undo of its delete). */
    deletedSection(): Promise<string>;
    grant(): Promise<string>;
    leadToken(): Promise<string>;
    leadSession(): Promise<string>;
    /** A legal hold (for its release). */
    hold(): Promise<string>;
    /** A data subject request about a fresh person. */
    privacyRequest(): Promise<string>;
    /** A failed email of the admin's workspace's outbox, still holding its data (for its retry). */
    failedEmail(): Promise<string>;
  };
  /** Stored state a denied write must not change, by name. */
  stored(what: 'workspaces_signup_mode' | 'invitations' | 'users_deleted' | 'legal_holds' | 'legal_holds_released' | 'dsar_requests' | 'dsar_all' | 'users_admin' | 'memberships' | 'editors' | 'outbox' | 'outbox_failed' | 'mail_consents' | 'capture_settings'): Promise<unknown>;
  /** Every row of the tables a denied write could touch (org, sections, people's data, tokens, sessions, mail), minus what changes by itself. */
  snapshot(): Promise<unknown>;
  entityOrder(): Promise<string[]>;
  sectionOrder(): Promise<string[]>;
}

type Maybe<T> = T | Promise<T>;

export interface AccessCase {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** The Express route pattern, as the app declares it (checked against the live route list). */
  route: string;
  path(f: AccessFixture): Maybe<string>;
  body?(f: AccessFixture): Maybe<Record<string, unknown>>;
  /** A browser form (urlencoded, _csrf) rather than JSON. */
  form?: boolean;
  /**
   * One letter per role in `roles` order: A = allowed; a denial with its exact status: 1 = 401 (a
   * page GET: the redirect to /signin), 3 = 403, 4 = 404, 0 = 400 (a reference in the query or body
   * the caller may not use, answered as unknown); D = denied with `deniedStatus`; X = not
   * checked (an allowed call whose outcome depends on the resource's state). Every denial is exact:
   * a D without `deniedStatus` fails the suite.
   */
  expect: string;
  /** The status of every D: anonymous gets 401 (a page GET: the redirect to /signin), signed-in roles this one. */
  deniedStatus?: 403 | 404;
  /** What a denied write must leave unchanged (compared before and after each denied call). */
  state?(f: AccessFixture): Promise<unknown>;
}
