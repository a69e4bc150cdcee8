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
    grant(): Promise<string>;
    leadToken(): Promise<string>;
    leadSession(): Promise<string>;
  };
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
  /** One letter per role in `roles` order: A = allowed, D = denied. */
  expect: string;
}
