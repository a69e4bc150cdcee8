import { z } from 'zod';
import { idParam, json, jsonBody, registerPath } from '../../web/openapi.js';
import { createEntityInput, createNodeInput, linkInput, reorderInput, roleInput, updateEntityInput, updateNodeInput } from './org.schema.js';

const personRef = z.object({ id: z.string(), firstName: z.string(), lastName: z.string(), title: z.string().nullable(), photo: z.string().nullable().optional().describe('Version of the profile photo (GET /people/{id}/photo?v=…), null when the person has none') }).meta({ id: 'PersonRef' });
const entity = z
  .object({ id: z.string(), key: z.string().nullable().describe('Built-in entity key (departments, teams, ...) or null'), name: z.string(), customName: z.string().nullable(), position: z.number(), archived: z.boolean(), createdAt: z.string() })
  .meta({ id: 'Entity' });
const node = z
  .object({ id: z.string(), entityId: z.string(), parentId: z.string().nullable(), name: z.string(), description: z.string().nullable(), position: z.number(), archived: z.boolean(), createdAt: z.string(), updatedAt: z.string() })
  .meta({ id: 'Node' });
const summary = node.extend({ leads: z.array(personRef), memberCount: z.number().describe('Direct headcount: people with a membership of the node'), totalCount: z.number().describe('Total headcount: unique people in the node and its subtree') }).meta({ id: 'NodeSummary' });
const member = personRef.extend({ role: z.enum(['lead', 'member']) }).meta({ id: 'Member' });
const link = z.object({ id: z.string(), node: z.object({ id: z.string(), name: z.string(), entityId: z.string() }), direction: z.enum(['from', 'to']) }).meta({ id: 'Link' });
const nodeDetails = node
  .extend({ ancestors: z.array(node), children: z.array(node), members: z.array(member), links: z.array(link), editors: z.array(personRef), sectionCount: z.number().describe('Sections the caller may read') })
  .meta({ id: 'NodeDetails' });
const nodeMember = z.object({ id: z.string(), userId: z.string() });

registerPath({ method: 'get', path: '/api/v1/entities', tags: ['org'], summary: 'The org entities (Departments, Teams, ...); archived=true adds archived ones for admins', request: { query: z.object({ archived: z.enum(['true', 'false']).optional() }) }, responses: { 200: json(z.object({ entities: z.array(entity) })) } });
registerPath({ method: 'post', path: '/api/v1/entities', tags: ['org'], summary: 'Add an entity (admins)', request: { body: jsonBody(createEntityInput) }, responses: { 201: json(entity, 'Created') } });
registerPath({ method: 'put', path: '/api/v1/entities/order', tags: ['org'], summary: 'Reorder all entities (admins)', request: { body: jsonBody(reorderInput) }, responses: { 200: json(z.object({ entities: z.array(entity) })) } });
registerPath({ method: 'get', path: '/api/v1/entities/{id}', tags: ['org'], summary: 'An entity with its node tree (leads, member counts)', request: { params: idParam }, responses: { 200: json(entity.extend({ nodes: z.array(summary) })) } });
registerPath({ method: 'patch', path: '/api/v1/entities/{id}', tags: ['org'], summary: 'Rename or (un)archive an entity (admins)', request: { params: idParam, body: jsonBody(updateEntityInput) }, responses: { 200: json(entity) } });
registerPath({ method: 'post', path: '/api/v1/nodes', tags: ['org'], summary: 'Create a node in an entity (admins)', request: { body: jsonBody(createNodeInput) }, responses: { 201: json(node, 'Created') } });
registerPath({ method: 'get', path: '/api/v1/nodes/{id}', tags: ['org'], summary: 'A node with its members, links, children and editors', request: { params: idParam }, responses: { 200: json(nodeDetails) } });
registerPath({ method: 'patch', path: '/api/v1/nodes/{id}', tags: ['org'], summary: 'Rename/describe (leads, admins), move under another parent or archive (admins); a cycle is refused with 400', request: { params: idParam, body: jsonBody(updateNodeInput) }, responses: { 200: json(node) } });
registerPath({ method: 'get', path: '/api/v1/nodes/{id}/members', tags: ['org'], summary: 'Members of a node', request: { params: idParam }, responses: { 200: json(z.object({ members: z.array(member) })) } });
registerPath({ method: 'put', path: '/api/v1/nodes/{id}/members/{userId}', tags: ['org'], summary: 'Add a member or change their role (leads, admins)', request: { params: nodeMember, body: jsonBody(roleInput) }, responses: { 200: json(z.object({ members: z.array(member) })) } });
registerPath({ method: 'delete', path: '/api/v1/nodes/{id}/members/{userId}', tags: ['org'], summary: 'Remove a member (leads, admins)', request: { params: nodeMember }, responses: { 204: { description: 'Removed' } } });
registerPath({ method: 'get', path: '/api/v1/nodes/{id}/links', tags: ['org'], summary: 'Cross-entity links of a node (both directions)', request: { params: idParam }, responses: { 200: json(z.object({ links: z.array(link) })) } });
registerPath({ method: 'post', path: '/api/v1/nodes/{id}/links', tags: ['org'], summary: 'Link the node to a node of another entity (leads of either, admins)', request: { params: idParam, body: jsonBody(linkInput) }, responses: { 201: json(z.object({ id: z.string() }), 'Created'), 409: json(z.object({}), 'Already linked') } });
registerPath({ method: 'delete', path: '/api/v1/links/{id}', tags: ['org'], summary: 'Remove a link', request: { params: idParam }, responses: { 204: { description: 'Removed' } } });
registerPath({ method: 'get', path: '/api/v1/nodes/{id}/editors', tags: ['org'], summary: 'People named as editors of the node\'s sections', request: { params: idParam }, responses: { 200: json(z.object({ editors: z.array(personRef) })) } });
registerPath({ method: 'put', path: '/api/v1/nodes/{id}/editors/{userId}', tags: ['org'], summary: 'Name an editor (leads, admins)', request: { params: nodeMember }, responses: { 200: json(z.object({ editors: z.array(personRef) })) } });
registerPath({ method: 'delete', path: '/api/v1/nodes/{id}/editors/{userId}', tags: ['org'], summary: 'Remove an editor (leads, admins)', request: { params: nodeMember }, responses: { 204: { description: 'Removed' } } });
registerPath({ method: 'get', path: '/api/v1/people/{id}/memberships', tags: ['org'], summary: 'The nodes a person belongs to', request: { params: idParam }, responses: { 200: json(z.object({ memberships: z.array(z.object({ node, role: z.enum(['lead', 'member']) })) })) } });
