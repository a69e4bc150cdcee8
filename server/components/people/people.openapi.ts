// /api/v1/people in the OpenAPI document (person feedback: feedback.openapi.ts).
import { z } from 'zod';
import { json, jsonBody, registerPath } from '../../web/openapi.js';
import { userSchema } from '../../web/openapi.foundation.js';
import { createSectionInput } from '../sections/sections.schema.js';
import { directoryQuery } from './people.schema.js';

const tags = ['people'];
const id = z.object({ id: z.string() });
const membership = z.object({ nodeId: z.string(), nodeName: z.string(), entityId: z.string(), entityName: z.string().nullable(), entityKey: z.string().nullable(), role: z.enum(['lead', 'member']) }).meta({ id: 'Membership' });
const personSection = z
  .object({ id: z.string(), kind: z.string(), title: z.string().nullable(), body: z.string().describe('Markdown'), html: z.string().describe('Rendered and sanitised'), visibility: z.enum(['public', 'restricted']), position: z.number(), revision: z.number(), hidden: z.boolean() })
  .meta({ id: 'PersonSection' });

registerPath({ method: 'get', path: '/api/v1/people', tags, summary: 'The people of the workspace, by name, 50 a page; q matches the start of a first name, last name, full name or email (the people picker)', request: { query: directoryQuery }, responses: { 200: json(z.object({ total: z.number().int(), page: z.number().int(), people: z.array(z.object({ id: z.string(), firstName: z.string(), lastName: z.string(), title: z.string().nullable(), email: z.string(), team: z.string().nullable().describe('One team of the person (a lead’s team first)'), photo: z.string().nullable().describe('Version of the profile photo (GET /people/{id}/photo?v=…), null when the person has none') })) })) } });
registerPath({ method: 'get', path: '/api/v1/people/{id}', tags, summary: 'A person: profile and node memberships', request: { params: id }, responses: { 200: json(userSchema.extend({ memberships: z.array(membership) })) } });
registerPath({ method: 'get', path: '/api/v1/people/{id}/sections', tags, summary: "The person page's sections the caller may read", request: { params: id }, responses: { 200: json(z.object({ sections: z.array(personSection) })) } });
registerPath({ method: 'post', path: '/api/v1/people/{id}/sections', tags, summary: 'Add a section to a person page (the person or an admin)', request: { params: id, body: jsonBody(createSectionInput.strict()) }, responses: { 201: json(z.object({ id: z.string(), kind: z.string(), title: z.string().nullable(), body: z.string(), visibility: z.string(), revision: z.number() })) } });
registerPath({ method: 'put', path: '/api/v1/people/{id}/sections/order', tags, summary: 'Reorder the sections of a person page', request: { params: id, body: jsonBody(z.object({ ids: z.array(z.string()) })) }, responses: { 204: { description: 'Reordered' } } });
