// /api/v1/one-on-ones in the OpenAPI document.
import { z } from 'zod';
import { json, jsonBody, registerPath } from '../../web/openapi.js';
import { itemChangeInput, meetingInput, newItemInput, privateNoteInput, sharedNotesInput, startInput } from './oneonones.schema.js';

const person = z.object({ id: z.string(), firstName: z.string(), lastName: z.string() }).meta({ id: 'PersonRef' });
const item = z
  .object({
    id: z.string(),
    meetingId: z.string(),
    kind: z.enum(['talking_point', 'action_item']),
    body: z.string(),
    ownerId: z.string().nullable(),
    done: z.boolean(),
    carriedFromId: z.string().nullable().describe('The talking point of the previous meeting this one carries over'),
    createdAt: z.string(),
    doneAt: z.string().nullable(),
  })
  .meta({ id: 'OneOnOneItem' });
const meeting = z.object({ id: z.string(), heldOn: z.string().describe('YYYY-MM-DD'), sharedNotes: z.string(), createdAt: z.string(), updatedAt: z.string() }).meta({ id: 'OneOnOneMeeting' });
const meetingDetail = meeting.extend({ items: z.array(item), privateNote: z.string().describe("The caller's own private notes; nobody else's are ever returned") }).meta({ id: 'OneOnOneMeetingDetail' });
const id = z.object({ id: z.string() });
const meetingParams = z.object({ id: z.string(), meetingId: z.string() });
const itemParams = meetingParams.extend({ itemId: z.string() });
const tags = ['one-on-ones'];

registerPath({ method: 'get', path: '/api/v1/one-on-ones', tags, summary: "The caller's 1:1s, the soonest planned meeting first, then those with none planned (most recently met first)", responses: { 200: json(z.object({ oneOnOnes: z.array(z.object({ id: z.string(), partner: person, lastHeldOn: z.string().nullable().describe('The latest meeting before today (YYYY-MM-DD, the caller\'s today)'), nextOn: z.string().nullable().describe('The next meeting, planned, from today on (YYYY-MM-DD)') })) })) } });
registerPath({ method: 'post', path: '/api/v1/one-on-ones', tags, summary: 'Start (or find) the 1:1 with a colleague', request: { body: jsonBody(startInput.strict()) }, responses: { 201: json(z.object({ id: z.string(), partner: person })) } });
registerPath({ method: 'get', path: '/api/v1/one-on-ones/{id}', tags, summary: 'A 1:1: its meetings and open action items (participants only)', request: { params: id }, responses: { 200: json(z.object({ id: z.string(), partner: person, meetings: z.array(meeting), openActionItems: z.array(item) })) } });
registerPath({ method: 'post', path: '/api/v1/one-on-ones/{id}/meetings', tags, summary: 'Add a meeting; undone talking points of the previous one carry over', request: { params: id, body: jsonBody(meetingInput.strict()) }, responses: { 201: json(meeting) } });
registerPath({ method: 'get', path: '/api/v1/one-on-ones/{id}/meetings/{meetingId}', tags, summary: "A meeting: shared agenda and the caller's own private notes", request: { params: meetingParams }, responses: { 200: json(meetingDetail) } });
registerPath({ method: 'patch', path: '/api/v1/one-on-ones/{id}/meetings/{meetingId}', tags, summary: 'Edit the shared notes', request: { params: meetingParams, body: jsonBody(sharedNotesInput.strict()) }, responses: { 200: json(meetingDetail) } });
registerPath({ method: 'put', path: '/api/v1/one-on-ones/{id}/meetings/{meetingId}/private-note', tags, summary: "Save the caller's private notes (readable by the caller only)", request: { params: meetingParams, body: jsonBody(privateNoteInput.strict()) }, responses: { 200: json(z.object({ body: z.string() })) } });
registerPath({ method: 'post', path: '/api/v1/one-on-ones/{id}/meetings/{meetingId}/items', tags, summary: 'Add a talking point or an action item', request: { params: meetingParams, body: jsonBody(newItemInput.strict()) }, responses: { 201: json(item) } });
registerPath({ method: 'patch', path: '/api/v1/one-on-ones/{id}/meetings/{meetingId}/items/{itemId}', tags, summary: 'Edit, reassign or mark an item done', request: { params: itemParams, body: jsonBody(itemChangeInput.strict()) }, responses: { 200: json(item) } });
registerPath({ method: 'delete', path: '/api/v1/one-on-ones/{id}/meetings/{meetingId}/items/{itemId}', tags, summary: 'Remove an item', request: { params: itemParams }, responses: { 204: { description: 'Removed' } } });
