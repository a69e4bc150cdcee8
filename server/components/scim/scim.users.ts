// SCIM Users (RFC 7643 §4.1) mapped onto accounts: parse a resource body into a draft, apply PATCH
// operations to a draft, render an account as a resource. Pure functions; scim.service.ts stores.
import { invalidPath, invalidSyntax, invalidValue, ScimError } from './scim.errors.js';
import { matches, parsePath, type PatchPath } from './scim.filter.js';
import { ENTERPRISE_USER_SCHEMA, ignoredUserAttributes, USER_SCHEMA } from './scim.resources.js';
import type { ScimUserRow } from './scim.repository.js';

/** The stored attributes of an account, as SCIM sees them. */
export interface UserDraft {
  userName: string;
  externalId: string | null;
  givenName: string;
  familyName: string;
  email: string;
  active: boolean;
  title: string | null;
  phone: string | null;
  preferredLanguage: string | null;
  timezone: string | null;
}

const emailPattern = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
/** Accounts need a unique email; a User provisioned without one gets this reserved, undeliverable domain (RFC 2606). */
export const PLACEHOLDER_DOMAIN = '@scim.invalid';
export const isPlaceholder = (email: string) => email.toLowerCase().endsWith(PLACEHOLDER_DOMAIN);
const timeZones = new Set([...Intl.supportedValuesOf('timeZone'), 'UTC']);

export function draftOf(row: ScimUserRow): UserDraft {
  return {
    userName: row.userName ?? row.email,
    externalId: row.externalId,
    givenName: row.firstName,
    familyName: row.lastName,
    email: isPlaceholder(row.email) ? '' : row.email,
    active: row.status === 'active',
    title: row.title,
    phone: row.phone,
    preferredLanguage: row.language,
    timezone: row.timeZone,
  };
}

export function userResource(row: ScimUserRow, groups: Array<{ id: string; name: string }>, base: string) {
  const location = `${base}/Users/${row.id}`;
  return {
    schemas: [USER_SCHEMA],
    id: row.id,
    ...(row.externalId ? { externalId: row.externalId } : {}),
    userName: row.userName ?? row.email,
    name: { formatted: `${row.firstName} ${row.lastName}`.trim(), givenName: row.firstName, familyName: row.lastName },
    displayName: `${row.firstName} ${row.lastName}`.trim(),
    ...(row.title ? { title: row.title } : {}),
    ...(row.language ? { preferredLanguage: row.language } : {}),
    ...(row.timeZone ? { timezone: row.timeZone } : {}),
    active: row.status === 'active',
    ...(isPlaceholder(row.email) ? {} : { emails: [{ value: row.email, type: 'work', primary: true }] }),
    ...(row.phone ? { phoneNumbers: [{ value: row.phone, type: 'work', primary: true }] } : {}),
    groups: groups.map((g) => ({ value: g.id, display: g.name, $ref: `${base}/Groups/${g.id}` })),
    meta: { resourceType: 'User', created: new Date(row.createdAt).toISOString(), lastModified: new Date(row.updatedAt).toISOString(), location },
  };
}

// ---- values ----

const str = (attr: string, value: unknown, max: number): string => {
  if (typeof value !== 'string') throw invalidValue(`${attr} must be a string`);
  const trimmed = value.trim();
  if (trimmed.length > max) throw invalidValue(`${attr} is longer than ${max} characters`);
  return trimmed;
};
const optionalStr = (attr: string, value: unknown, max: number): string | null => (value === null ? null : str(attr, value, max) || null);

/** Entra ID sends "True"/"False" as strings; RFC 7643 says boolean. Both are accepted. */
export function bool(attr: string, value: unknown): boolean {
  if (typeof value === 'boolean') return value;
  if (typeof value === 'string' && /^(true|false)$/i.test(value.trim())) return value.trim().toLowerCase() === 'true';
  throw invalidValue(`${attr} must be true or false`);
}

function language(value: unknown): string | null {
  const v = optionalStr('preferredLanguage', value, 35);
  if (v === null) return null;
  const primary = v.split(/[-_]/)[0]!.toLowerCase();
  return primary === 'en' || primary === 'fr' ? primary : null; // the interface speaks these two; others fall back to the browser's
}

function timezone(value: unknown): string | null {
  const v = optionalStr('timezone', value, 64);
  if (v !== null && !timeZones.has(v)) throw invalidValue(`timezone "${v}" is not an IANA time zone such as Europe/Paris`);
  return v;
}

function email(attr: string, value: unknown): string {
  const v = str(attr, value, 320);
  if (!emailPattern.test(v)) throw invalidValue(`${attr} "${v}" is not an email address`);
  return v;
}

type MultiValue = { value?: unknown; type?: unknown; primary?: unknown };

function multiValues(attr: string, value: unknown): MultiValue[] {
  const list = Array.isArray(value) ? value : [value];
  for (const item of list) if (!item || typeof item !== 'object' || Array.isArray(item)) throw invalidValue(`${attr} must be a list of objects with a value`);
  return list as MultiValue[];
}

/** The one value kept of a multi-valued attribute: the primary one, else the work one, else the first. */
function pick(attr: string, value: unknown): MultiValue | undefined {
  const list = multiValues(attr, value);
  return list.find((v) => v.primary === true || v.primary === 'true' || v.primary === 'True') ?? list.find((v) => v.type === 'work') ?? list[0];
}

// ---- attribute setters (shared by create/replace and PATCH) ----

function setName(draft: UserDraft, value: unknown, op: 'set' | 'merge'): void {
  if (!value || typeof value !== 'object' || Array.isArray(value)) throw invalidValue('name must be an object');
  if (op === 'set') {
    draft.givenName = '';
    draft.familyName = '';
  }
  for (const [key, sub] of Object.entries(value as Record<string, unknown>)) setNamePart(draft, key, sub);
}

function setNamePart(draft: UserDraft, key: string, value: unknown): void {
  switch (key.toLowerCase()) {
    case 'givenname':
      draft.givenName = value === null ? '' : str('name.givenName', value, 100);
      return;
    case 'familyname':
      draft.familyName = value === null ? '' : str('name.familyName', value, 100);
      return;
    case 'formatted':
    case 'middlename':
    case 'honorificprefix':
    case 'honorificsuffix':
      return; // not stored: the display name is given + family name
    default:
      throw invalidValue(`unknown attribute "name.${key}"`);
  }
}

/** Sets one top-level attribute from a resource body or a path-less PATCH value. */
function setAttribute(draft: UserDraft, key: string, value: unknown, context: { displayName?: string }): void {
  const lower = key.toLowerCase();
  if (lower.startsWith(`${USER_SCHEMA.toLowerCase()}:`)) return setAttribute(draft, key.slice(USER_SCHEMA.length + 1), value, context);
  if (lower === ENTERPRISE_USER_SCHEMA.toLowerCase() || lower.startsWith(`${ENTERPRISE_USER_SCHEMA.toLowerCase()}:`)) return; // accepted, not stored
  if (lower.includes('.')) return applyPath(draft, 'replace', parsePath(key), value);
  switch (lower) {
    case 'schemas':
      return;
    case 'username':
      draft.userName = str('userName', value, 320);
      if (!draft.userName) throw invalidValue('userName must not be empty');
      return;
    case 'externalid':
      draft.externalId = optionalStr('externalId', value, 255);
      return;
    case 'name':
      return setName(draft, value, 'set');
    case 'displayname':
      if (value !== null) context.displayName = str('displayName', value, 201);
      return;
    case 'emails': {
      const chosen = pick('emails', value);
      if (chosen) draft.email = email('emails.value', chosen.value);
      return;
    }
    case 'phonenumbers': {
      const chosen = value === null ? undefined : pick('phoneNumbers', value);
      draft.phone = chosen ? optionalStr('phoneNumbers.value', chosen.value, 50) : null;
      return;
    }
    case 'active':
      draft.active = bool('active', value);
      return;
    case 'title':
      draft.title = optionalStr('title', value, 200);
      return;
    case 'preferredlanguage':
      draft.preferredLanguage = language(value);
      return;
    case 'timezone':
      draft.timezone = timezone(value);
      return;
    default:
      if (ignoredUserAttributes.has(lower)) return;
      throw invalidValue(`unknown attribute "${key}"`);
  }
}

function requireSchemas(body: Record<string, unknown>, schema: string): void {
  const list = body.schemas;
  if (!Array.isArray(list) || !list.some((s) => typeof s === 'string' && s.toLowerCase() === schema.toLowerCase())) throw invalidSyntax(`schemas must list ${schema}`);
}

export function asObject(body: unknown): Record<string, unknown> {
  if (!body || typeof body !== 'object' || Array.isArray(body)) throw invalidSyntax('the request body must be a JSON object');
  return body as Record<string, unknown>;
}

/** A draft from a POST or PUT body; `current` keeps `active` when the body leaves it out. */
export function draftFromBody(raw: unknown, current?: UserDraft): UserDraft {
  const body = asObject(raw);
  requireSchemas(body, USER_SCHEMA);
  const draft: UserDraft = { userName: '', externalId: null, givenName: '', familyName: '', email: '', active: current?.active ?? true, title: null, phone: null, preferredLanguage: null, timezone: null };
  const context: { displayName?: string } = {};
  for (const [key, value] of Object.entries(body)) setAttribute(draft, key, value, context);
  if (!draft.userName) throw invalidValue('userName is required');
  finish(draft, context);
  return draft;
}

/** Fills what the account needs: an email (an email-like userName, else none: a placeholder) and names (else from displayName or the userName). */
function finish(draft: UserDraft, context: { displayName?: string }): void {
  if (!draft.email && emailPattern.test(draft.userName)) draft.email = draft.userName;
  if (!draft.givenName && !draft.familyName) {
    const [first, ...rest] = (context.displayName ?? draft.userName.split('@')[0]!).split(/\s+/);
    draft.givenName = (first ?? '').slice(0, 100);
    draft.familyName = rest.join(' ').slice(0, 100);
  }
}

// ---- PATCH ----

export interface PatchOperation {
  op: 'add' | 'replace' | 'remove';
  path?: string;
  value?: unknown;
}

export function parseOperations(raw: unknown, patchSchema: string): PatchOperation[] {
  const body = asObject(raw);
  requireSchemas(body, patchSchema);
  const ops = body.Operations ?? body.operations;
  if (!Array.isArray(ops) || !ops.length) throw invalidValue('Operations must be a non-empty list');
  if (ops.length > 1000) throw new ScimError(413, 'tooMany', 'at most 1000 operations per request');
  return ops.map((o, i) => {
    if (!o || typeof o !== 'object') throw invalidSyntax(`Operations[${i}] must be an object`);
    const op = String((o as Record<string, unknown>).op ?? '').toLowerCase();
    if (op !== 'add' && op !== 'replace' && op !== 'remove') throw invalidSyntax(`Operations[${i}].op must be add, replace or remove`);
    const path = (o as Record<string, unknown>).path;
    if (path !== undefined && typeof path !== 'string') throw invalidPath(`Operations[${i}].path must be a string`);
    const value = (o as Record<string, unknown>).value;
    if (op === 'remove' && path === undefined) throw new ScimError(400, 'noTarget', `Operations[${i}]: remove needs a path`);
    if (op !== 'remove' && value === undefined) throw invalidValue(`Operations[${i}]: ${op} needs a value`);
    return { op, ...(path !== undefined ? { path: path.trim() } : {}), value } as PatchOperation;
  });
}

function stripCore(attr: string): string {
  return attr.toLowerCase().startsWith(`${USER_SCHEMA.toLowerCase()}:`) ? attr.slice(USER_SCHEMA.length + 1) : attr;
}

/** Applies one path operation to a user draft. */
function applyPath(draft: UserDraft, op: PatchOperation['op'], path: PatchPath, value: unknown): void {
  const attr = stripCore(path.attr);
  const lower = attr.toLowerCase();
  if (lower === ENTERPRISE_USER_SCHEMA.toLowerCase() || lower.startsWith(`${ENTERPRISE_USER_SCHEMA.toLowerCase()}:`)) return;
  const remove = op === 'remove';
  // Attributes accepted but not stored (Entra ID's addresses[type eq "work"].streetAddress, roles...): no filter check.
  if (ignoredUserAttributes.has(lower.split('.')[0]!) && lower !== 'groups') return;
  if (path.filter) {
    // emails[type eq "work"].value, phoneNumbers[type eq "mobile"].value: the single stored value is "work" and primary.
    if (lower !== 'emails' && lower !== 'phonenumbers') throw invalidPath(`"${path.attr}" does not take a value filter here`);
    if (path.sub && path.sub.toLowerCase() !== 'value') {
      if (['type', 'primary', 'display'].includes(path.sub.toLowerCase())) return;
      throw invalidPath(`unknown sub-attribute "${path.sub}" of ${path.attr}`);
    }
    if (lower === 'emails') {
      const current = { value: draft.email, type: 'work', primary: true };
      if (remove) {
        if (matches(path.filter, current)) draft.email = '';
        return;
      }
      // Only a filter that designates the work/primary email (or any value) sets the stored email.
      if (!matches(path.filter, { ...current, value: draft.email }) && !matchesTypeOnly(path.filter)) return;
      draft.email = email('emails.value', path.sub ? value : (value as MultiValue)?.value ?? value);
      return;
    }
    const current = { value: draft.phone, type: 'work', primary: true };
    if (remove) {
      if (matches(path.filter, current)) draft.phone = null;
      return;
    }
    if (!matches(path.filter, current) && !matchesTypeOnly(path.filter)) return; // e.g. a mobile number: not stored
    draft.phone = optionalStr('phoneNumbers.value', path.sub ? value : (value as MultiValue)?.value ?? value, 50);
    return;
  }
  if (path.sub) throw invalidPath(`"${path.attr}.${path.sub}" is not a path`);
  switch (lower) {
    case 'active':
      if (remove) throw new ScimError(400, 'mutability', 'active cannot be removed');
      draft.active = bool('active', value);
      return;
    case 'username':
      if (remove) throw new ScimError(400, 'mutability', 'userName is required and cannot be removed');
      draft.userName = str('userName', value, 320);
      if (!draft.userName) throw invalidValue('userName must not be empty');
      return;
    case 'externalid':
      draft.externalId = remove ? null : optionalStr('externalId', value, 255);
      return;
    case 'name':
      if (remove) {
        draft.givenName = '';
        draft.familyName = '';
        return;
      }
      return setName(draft, value, op === 'replace' ? 'set' : 'merge');
    case 'name.givenname':
    case 'name.familyname':
    case 'name.formatted':
      return setNamePart(draft, lower.slice(5), remove ? null : value);
    case 'displayname':
      return; // derived from the names
    case 'emails':
      if (remove) draft.email = '';
      else if (op === 'add') addEmails(draft, value);
      else setAttribute(draft, 'emails', value, {});
      return;
    case 'emails.value':
      draft.email = remove ? '' : email('emails.value', value);
      return;
    case 'phonenumbers':
    case 'phonenumbers.value':
      draft.phone = remove ? null : lower === 'phonenumbers' ? (pick('phoneNumbers', value) ? optionalStr('phoneNumbers.value', pick('phoneNumbers', value)!.value, 50) : null) : optionalStr('phoneNumbers.value', value, 50);
      return;
    case 'title':
      draft.title = remove ? null : optionalStr('title', value, 200);
      return;
    case 'preferredlanguage':
      draft.preferredLanguage = remove ? null : language(value);
      return;
    case 'timezone':
      draft.timezone = remove ? null : timezone(value);
      return;
    case 'groups':
      throw new ScimError(400, 'mutability', 'groups is read-only: change memberships through /Groups');
    default:
      if (ignoredUserAttributes.has(lower.split('.')[0]!)) return;
      throw invalidPath(`unknown attribute "${path.attr}"`);
  }
}

/** "add" of emails: the one stored email changes only to a primary value, or when the account has none yet. */
function addEmails(draft: UserDraft, value: unknown): void {
  const list = multiValues('emails', value);
  const primary = list.find((v) => v.primary === true || v.primary === 'true' || v.primary === 'True');
  const chosen = primary ?? (draft.email ? undefined : list[0]);
  if (chosen) draft.email = email('emails.value', chosen.value);
}

/** `[type eq "work"]` alone designates the stored (work) value even when it is still empty. */
function matchesTypeOnly(filter: import('./scim.filter.js').Filter): boolean {
  return filter.kind === 'compare' && filter.attr.toLowerCase() === 'type' && filter.op === 'eq' && String(filter.value).toLowerCase() === 'work';
}

/** Applies PATCH operations to a copy of the draft; returns the new draft. */
export function patchUser(current: UserDraft, ops: PatchOperation[]): UserDraft {
  const draft = { ...current };
  for (const operation of ops) {
    if (operation.path) {
      applyPath(draft, operation.op, parsePath(operation.path), operation.value);
      continue;
    }
    if (!operation.value || typeof operation.value !== 'object' || Array.isArray(operation.value)) throw invalidValue('an operation without a path needs an object value');
    const context: { displayName?: string } = {};
    for (const [key, value] of Object.entries(operation.value as Record<string, unknown>)) {
      if (key.toLowerCase() === 'name' && operation.op === 'add') setName(draft, value, 'merge');
      else if (key.toLowerCase() === 'emails' && operation.op === 'add') addEmails(draft, value);
      else setAttribute(draft, key, value, context);
    }
  }
  if (!draft.givenName && !draft.familyName) finish(draft, {});
  return draft;
}

export function changedAttributes(before: UserDraft, after: UserDraft): string[] {
  return (Object.keys(after) as Array<keyof UserDraft>).filter((k) => before[k] !== after[k]);
}
