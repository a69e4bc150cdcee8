// SCIM Groups (RFC 7643 §4.2) mapped onto org nodes: parse a body, apply PATCH operations to a
// snapshot and reduce them to a delta (members added, members removed, attributes changed), so that
// the store writes only the delta and concurrent PATCHes of one group do not undo each other.
import { invalidPath, invalidSyntax, invalidValue, ScimError } from './scim.errors.js';
import { matches, parsePath } from './scim.filter.js';
import { GROUP_SCHEMA } from './scim.resources.js';
import type { ScimGroupRow } from './scim.repository.js';
import { asObject, type PatchOperation } from './scim.users.js';

export interface GroupDraft {
  displayName: string;
  externalId: string | null;
  members: string[];
}

export interface GroupDelta {
  displayName?: string;
  externalId?: string | null;
  added: string[];
  removed: string[];
}

export function groupResource(row: ScimGroupRow, members: Array<{ id: string; firstName: string; lastName: string }> | undefined, base: string) {
  return {
    schemas: [GROUP_SCHEMA],
    id: row.id,
    ...(row.externalId ? { externalId: row.externalId } : {}),
    displayName: row.name,
    ...(members ? { members: members.map((m) => ({ value: m.id, display: `${m.firstName} ${m.lastName}`.trim(), type: 'User', $ref: `${base}/Users/${m.id}` })) } : {}),
    meta: { resourceType: 'Group', created: new Date(row.createdAt).toISOString(), lastModified: new Date(row.updatedAt).toISOString(), location: `${base}/Groups/${row.id}` },
  };
}

function displayName(value: unknown): string {
  if (typeof value !== 'string' || !value.trim()) throw invalidValue('displayName must be a non-empty string');
  if (value.trim().length > 150) throw invalidValue('displayName is longer than 150 characters');
  return value.trim();
}

function externalId(value: unknown): string | null {
  if (value === null) return null;
  if (typeof value !== 'string' || value.length > 255) throw invalidValue('externalId must be a string of at most 255 characters');
  return value.trim() || null;
}

/** Member ids from `[{ "value": "id" }, ...]` (or a single object). */
function memberIds(value: unknown): string[] {
  const list = Array.isArray(value) ? value : [value];
  return list.map((m, i) => {
    const id = m && typeof m === 'object' ? (m as Record<string, unknown>).value : undefined;
    if (typeof id !== 'string' || !id.trim() || id.length > 64) throw invalidValue(`members[${i}].value must be the id of a User`);
    return id.trim();
  });
}

const stripCore = (attr: string) => (attr.toLowerCase().startsWith(`${GROUP_SCHEMA.toLowerCase()}:`) ? attr.slice(GROUP_SCHEMA.length + 1) : attr);

export function groupDraftFromBody(raw: unknown): GroupDraft {
  const body = asObject(raw);
  if (!Array.isArray(body.schemas) || !body.schemas.some((s) => typeof s === 'string' && s.toLowerCase() === GROUP_SCHEMA.toLowerCase())) throw invalidSyntax(`schemas must list ${GROUP_SCHEMA}`);
  const draft: GroupDraft = { displayName: '', externalId: null, members: [] };
  for (const [key, value] of Object.entries(body)) {
    switch (stripCore(key).toLowerCase()) {
      case 'schemas':
      case 'id':
      case 'meta':
        break;
      case 'displayname':
        draft.displayName = displayName(value);
        break;
      case 'externalid':
        draft.externalId = externalId(value);
        break;
      case 'members':
        draft.members = value === null ? [] : [...new Set(memberIds(value))];
        break;
      default:
        throw invalidValue(`unknown attribute "${key}"`);
    }
  }
  if (!draft.displayName) throw invalidValue('displayName is required');
  return draft;
}

/** Runs the operations on a snapshot of the group and returns what changed. */
export function groupDelta(snapshot: GroupDraft, ops: PatchOperation[], groupId?: string): GroupDelta {
  const members = new Set(snapshot.members);
  let name = snapshot.displayName;
  let external = snapshot.externalId;
  const apply = (op: PatchOperation['op'], attr: string, value: unknown, filter?: import('./scim.filter.js').Filter) => {
    switch (attr.toLowerCase()) {
      case 'displayname':
        if (op === 'remove') throw new ScimError(400, 'mutability', 'displayName is required and cannot be removed');
        name = displayName(value);
        return;
      case 'externalid':
        external = op === 'remove' ? null : externalId(value);
        return;
      case 'members': {
        if (filter) {
          if (op !== 'remove') throw invalidPath('a members filter is only valid with remove');
          for (const id of [...members]) if (matches(filter, { value: id, type: 'User' })) members.delete(id);
          return;
        }
        if (op === 'remove') {
          // Entra ID sends the members to remove as a value list; without a value every member goes.
          if (value === undefined || value === null) members.clear();
          else for (const id of memberIds(value)) members.delete(id);
          return;
        }
        if (op === 'replace') members.clear();
        for (const id of memberIds(value)) members.add(id);
        return;
      }
      default:
        throw invalidPath(`unknown attribute "${attr}"`);
    }
  };
  for (const operation of ops) {
    if (operation.path) {
      const path = parsePath(operation.path);
      if (path.sub && !(path.attr.toLowerCase() === 'members' && path.sub.toLowerCase() === 'value')) throw invalidPath(`"${operation.path}" is not a path of a Group`);
      if (path.filter && stripCore(path.attr).toLowerCase() !== 'members') throw invalidPath(`"${path.attr}" does not take a value filter`);
      apply(operation.op, stripCore(path.attr), operation.value, path.filter);
      continue;
    }
    if (!operation.value || typeof operation.value !== 'object' || Array.isArray(operation.value)) throw invalidValue('an operation without a path needs an object value');
    for (const [key, value] of Object.entries(operation.value as Record<string, unknown>)) {
      const lower = stripCore(key).toLowerCase();
      if (lower === 'schemas' || lower === 'meta') continue;
      // Okta renames a group with `replace` and value {id, displayName}: the unchanged id is accepted, a different one is not.
      if (lower === 'id') {
        if (groupId !== undefined && value !== groupId) throw new ScimError(400, 'mutability', 'id is read-only and cannot be changed');
        continue;
      }
      apply(operation.op, stripCore(key), value);
    }
  }
  const before = new Set(snapshot.members);
  return {
    ...(name !== snapshot.displayName ? { displayName: name } : {}),
    ...(external !== snapshot.externalId ? { externalId: external } : {}),
    added: [...members].filter((id) => !before.has(id)),
    removed: [...before].filter((id) => !members.has(id)),
  };
}
