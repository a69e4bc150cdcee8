// Profile photos (issue 22): a person uploads a photo, the server re-encodes it to square JPEGs
// without metadata and keeps it in user_photos (declared personal data); colleagues see it wherever
// an avatar is drawn; it is in the access export and goes with an erasure; the person (or an admin)
// removes it; bad files are refused with the reason and nothing stored. Both dialects.
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { Writable } from 'node:stream';
import { Jimp } from 'jimp';
import { cliHandler, type Handler } from '../../server/components/dsar/dsar.service.js';
import { forEachDialect } from '../support/databases.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { TestClient } from '../support/http.js';
import { makeAdmin, node, outsider, person, type Person } from '../support/people.js';
import { EXIF_MARKER, jpeg, jpegWithGps, png } from '../support/photos.js';
import { exportedRows, readZip } from '../support/zip.js';

const require = createRequire(import.meta.url);
const exifParser = require('exif-parser') as { create(buffer: Buffer): { parse(): { tags: Record<string, unknown> } } };
const cli: Handler = cliHandler('test');

class Collector extends Writable {
  chunks: Buffer[] = [];
  override _write(chunk: Buffer, _encoding: BufferEncoding, done: () => void): void {
    this.chunks.push(chunk);
    done();
  }
}

const file = (bytes: Buffer, name = 'me.jpg', type = 'image/jpeg') => ({ photo: { bytes, name, type } });

forEachDialect('profile photos', (dialect) => {
  let server: TestServer;
  let ana: Person, ben: Person, admin: Person, otto: Person;
  const stored = (id: string) => server.container.knex('user_photos').where({ user_id: id }).first();
  const upload = (p: Person, bytes: Buffer, name?: string, type?: string) => p.client.postMultipart('/profile/photo', {}, file(bytes, name, type));

  before(async () => {
    server = await startTestServer(dialect, { 'dsar.remindersSchedule': false, 'retention.schedule.enabled': false });
    ana = await person(server, 'Ana', 'Photographer');
    ben = await person(server, 'Ben', 'Colleague');
    admin = await person(server, 'Ada', 'Admin');
    await makeAdmin(server, admin);
    otto = await outsider(server, 'Otto');
  });
  after(async () => server?.close());

  it('when a person uploads a JPEG carrying EXIF with a GPS position, then the stored images are 256 and 64 px square JPEGs with no metadata', async () => {
    const original = await jpegWithGps();
    assert.ok(exifParser.create(original).parse().tags.GPSLatitude, 'the upload does carry a GPS position');
    const reply = await upload(ana, original);
    assert.equal(reply.status, 303, reply.text.slice(0, 300));
    assert.equal(reply.location, '/profile?photo=saved#photo');
    const row = await stored(ana.id);
    assert.ok(row, 'stored');
    for (const [column, side] of [['large', 256], ['small', 64]] as const) {
      const bytes = Buffer.from(row[column], 'base64');
      assert.deepEqual([...bytes.subarray(0, 3)], [0xff, 0xd8, 0xff], `${column} is a JPEG`);
      assert.deepEqual(exifParser.create(bytes).parse().tags, {}, `${column}: no EXIF tag survives`);
      assert.equal(bytes.includes('Exif'), false, `${column}: no EXIF block`);
      assert.equal(bytes.includes(EXIF_MARKER), false, `${column}: no camera make`);
      const image = await Jimp.read(bytes);
      assert.deepEqual([image.width, image.height], [side, side]);
    }
    const audit = await server.container.knex('audit_entries').where({ action: 'profile.photo.set' }).count<{ n: number }[]>({ n: '*' }).first();
    assert.equal(Number(audit?.n), 1);
  });

  it('when a colleague opens pages that show the person, then the photo is drawn instead of the initials, and it is served with an ETag and cache headers', async () => {
    const row = await stored(ana.id);
    const large = `/people/${ana.id}/photo?size=large&amp;v=${row.etag}`;
    const small = `/people/${ana.id}/photo?size=small&amp;v=${row.etag}`;
    const personPage = await ben.client.get(`/people/${ana.id}`);
    assert.match(personPage.text, new RegExp(`<img class="avatar large" src="${large.replace(/[?.]/g, '\\$&')}" alt=""`));
    const directory = await ben.client.get('/people?q=Ana');
    assert.ok(directory.text.includes(`src="${small}"`), 'the directory draws the photo');
    const accounts = (await admin.client.get('/admin/users?q=Ana')).text.split(`<tr data-user="${ana.id}">`)[1]?.split('</tr>')[0] ?? '';
    assert.ok(accounts.includes(`src="${small}"`), 'the admin\'s list of accounts draws the photo');
    const other = (await admin.client.get(`/admin/users?q=${encodeURIComponent(ben.email)}`)).text.split(`<tr data-user="${ben.id}">`)[1]?.split('</tr>')[0] ?? '';
    assert.match(other, /<span class="avatar avatar-\d+ small" aria-hidden="true">[A-Z]{2}<\/span>/, 'and the initials of one without a photo');
    const api = (await ben.client.get('/api/v1/people?q=Ana')).json();
    assert.equal(api.people.find((p: { id: string }) => p.id === ana.id).photo, row.etag);
    const team = await node(server, { name: 'Darkroom', members: [ana, ben] });
    assert.ok((await ben.client.get(`/org/nodes/${team}`)).text.includes(`src="${small}"`), 'the node page draws the member\'s photo');
    const pair = (await ben.client.sendJson('POST', '/api/v1/one-on-ones', { personId: ana.id })).json().id;
    assert.ok(pair);
    assert.ok((await ben.client.get('/')).text.includes(`src="${small}"`), 'Home draws the 1:1 partner\'s photo');
    assert.equal((await ana.client.sendJson('POST', `/api/v1/people/${admin.id}/feedback`, { body: 'Sharp eye', visibility: 'recipient' })).status, 201);
    assert.ok((await admin.client.get('/')).text.includes(`src="${small}"`), 'Home draws the photo of who gave feedback');
    assert.equal((await ana.client.sendJson('POST', `/api/v1/discussions/node/${team}`, { body: 'Lovely light in here' })).status, 201);
    const thread = (await ben.client.get(`/discussions/node/${team}`)).text;
    assert.ok(thread.split('class="comment"')[1]?.includes(`src="${small}"`), 'the discussion draws the photo of the comment\'s author');
    const apiThread = (await ben.client.get(`/api/v1/discussions/node/${team}`)).json();
    assert.deepEqual(Object.keys(apiThread.comments[0].author).sort(), ['firstName', 'id', 'lastName'], 'the API keeps its author fields');
    const notifications = (await admin.client.get('/notifications')).text;
    const notice = notifications.split('<li class="unread"')[1]?.split('</li>')[0] ?? '';
    assert.ok(notice.includes(`src="${small}"`) && /Ana Photographer gave you feedback/.test(notice), 'the notifications page draws the photo of who acted');
    assert.match(notice, /<span class="badge badge-accent">New<\/span>/, 'an unread notification is marked new');
    const received = (await admin.client.get('/feedback')).text.split('<li class="feedback"')[1] ?? '';
    assert.ok(received.includes(`src="${small}"`) && received.includes('From Ana Photographer'), 'the feedback page shows who gave it by their photo');
    const gave = (await ana.client.get('/feedback')).text.split('<li class="feedback"')[1] ?? '';
    assert.match(gave, /<span class="avatar avatar-\d+ small" aria-hidden="true">[A-Z]{2}<\/span>/, 'and what one gave by the recipient\'s photo, or their initials');
    assert.match(gave, new RegExp(`To ${admin.firstName}`));
    const photoOnly = (await ana.client.get('/api/v1/feedback?direction=given')).json().feedback[0].recipient;
    assert.deepEqual(Object.keys(photoOnly).sort(), ['firstName', 'id', 'lastName', 'photo'], 'the API names the recipient\'s photo version as it does the giver\'s');
    const given = (await admin.client.get('/api/v1/feedback')).json();
    assert.equal(JSON.stringify(given).includes(`"photo":"${row.etag}"`), true, 'the feedback API names the giver\'s photo version');
    const own = await ana.client.get('/profile');
    assert.ok(own.text.includes(`src="${large}"`), 'the profile page shows it');
    assert.match(own.text, /Remove photo/);
    const benPage = await ana.client.get(`/people/${ben.id}`);
    assert.match(benPage.text, /<span class="avatar avatar-\d+ large" aria-hidden="true">BC<\/span>/, 'without a photo: the initials');

    const served = await ben.client.get(`/people/${ana.id}/photo?size=large&v=${row.etag}`);
    assert.equal(served.status, 200);
    assert.equal(served.headers.get('content-type'), 'image/jpeg');
    assert.match(served.headers.get('cache-control')!, /private, max-age=31536000, immutable/);
    const etag = served.headers.get('etag')!;
    assert.ok(etag, 'an ETag');
    // fetch adds "Cache-Control: no-cache" to a conditional request unless one is given; a browser revalidating sends max-age=0.
    const again = await ben.client.get(`/people/${ana.id}/photo?size=large`, { 'if-none-match': etag, 'cache-control': 'max-age=0' });
    assert.equal(again.status, 304);
    assert.equal((await ben.client.get(`/people/${ana.id}/photo?size=large`)).headers.get('cache-control'), 'private, no-cache', 'an unversioned URL is revalidated');
  });

  it('when someone outside the workspace, or signed out, asks for the photo, then it is not given', async () => {
    assert.equal((await otto.client.get(`/people/${ana.id}/photo`)).status, 404);
    const anonymous = await new TestClient(server.url).get(`/people/${ana.id}/photo`);
    assert.ok(anonymous.status === 302 || anonymous.status === 401, String(anonymous.status));
    assert.equal((await ben.client.get(`/people/${ben.id}/photo`)).status, 404, 'no photo: 404');
  });

  it('when files are not acceptable photos, then the upload answers 400 or 413 with the reason and nothing is stored', async () => {
    const before = await stored(ben.id);
    assert.equal(before, undefined);
    const big = Buffer.concat([await jpeg(), Buffer.alloc(5 * 1024 * 1024)]);
    const cases: Array<[string, Buffer, string, string, number, RegExp]> = [
      ['text with an image type', Buffer.from('hello, I am not a picture'), 'me.jpg', 'image/jpeg', 400, /not a JPEG, PNG or WebP image/],
      ['an empty file', Buffer.alloc(0), 'me.png', 'image/png', 400, /file is empty|Choose a photo/],
      ['a truncated JPEG', (await jpeg()).subarray(0, 200), 'me.jpg', 'image/jpeg', 400, /could not be read/],
      ['a WebP image', Buffer.concat([Buffer.from('RIFF\u0000\u0000\u0000\u0000WEBPVP8 ', 'latin1'), Buffer.alloc(64)]), 'me.webp', 'image/webp', 400, /WebP photos cannot be read yet/],
      ['a PNG that declares 100,000 x 100,000 pixels', (() => { const b = Buffer.from(pngHeader); b.writeUInt32BE(100_000, 16); b.writeUInt32BE(100_000, 20); return b; })(), 'me.png', 'image/png', 400, /too large \(more than 40 million pixels\)/],
      ['more than 5 MB', big, 'big.jpg', 'image/jpeg', 413, /larger than 5 MB/],
    ];
    for (const [what, bytes, name, type, status, reason] of cases) {
      const reply = await upload(ben, bytes, name, type);
      assert.equal(reply.status, status, `${what}: ${reply.status}`);
      assert.match(reply.text, reason, what);
      assert.match(reply.text, /id="f-photo-error"/, `${what}: the form names the field`);
      assert.equal(await stored(ben.id), undefined, `${what}: nothing stored`);
    }
    const missing = await ben.client.postMultipart('/profile/photo', { note: 'no file' }, {});
    assert.equal(missing.status, 400);
    assert.match(missing.text, /Choose a photo to upload/);
    const french = new TestClient(server.url, { 'accept-language': 'fr' });
    french.cookies.set(...([...ben.client.cookies][0]!));
    const inFrench = await french.postMultipart('/profile/photo', {}, file(Buffer.from('nope')));
    assert.match(inFrench.text, /n'est pas une image JPEG, PNG ou WebP|n&#39;est pas une image JPEG, PNG ou WebP/);
  });

  it('when another person tries to set or remove someone else\'s photo, then they cannot', async () => {
    const etag = (await stored(ana.id)).etag;
    // The upload sets the uploader's own photo: there is no way to name someone else.
    const mine = await ben.client.postMultipart('/profile/photo', { userId: ana.id, personId: ana.id }, file(await png()));
    assert.equal(mine.status, 303);
    assert.equal((await stored(ana.id)).etag, etag, 'Ana\'s photo is untouched');
    assert.ok(await stored(ben.id), 'Ben set his own');
    assert.equal((await ben.client.postMultipart(`/people/${ana.id}/photo`, {}, file(await png()))).status, 403, 'no upload path names a person (its multipart body is not even read)');
    assert.equal((await ben.client.postForm(`/people/${ana.id}/photo/remove`, {})).status, 403);
    assert.equal((await otto.client.postForm(`/people/${ana.id}/photo/remove`, {})).status, 404);
    const noCsrf = await ben.client.postMultipart('/profile/photo', {}, file(await png()), { csrf: false });
    assert.equal(noCsrf.status, 403, 'a cross-site upload is refused');
    assert.ok(await stored(ana.id));
  });

  it('when the person removes their photo, or an admin removes a colleague\'s, then the initials come back', async () => {
    const removed = await ben.client.postForm('/profile/photo/remove', {});
    assert.equal(removed.status, 303);
    assert.equal(await stored(ben.id), undefined);
    assert.match((await ben.client.get('/profile?photo=removed')).text, /Your photo was removed/);
    assert.ok(await stored(ana.id));
    const page = await admin.client.get(`/people/${ana.id}`);
    assert.match(page.text, /action="\/people\/[^"]+\/photo\/remove"/, 'the admin has a remove button');
    assert.doesNotMatch((await ben.client.get(`/people/${ana.id}`)).text, /photo\/remove/, 'a colleague has none');
    const byAdmin = await admin.client.postForm(`/people/${ana.id}/photo/remove`, {});
    assert.equal(byAdmin.status, 303);
    assert.equal(await stored(ana.id), undefined);
    assert.match((await ben.client.get(`/people/${ana.id}`)).text, /<span class="avatar avatar-\d+ large" aria-hidden="true">AP<\/span>/);
    const audit = await server.container.knex('audit_entries').where({ action: 'profile.photo.remove' }).count<{ n: number }[]>({ n: '*' }).first();
    assert.equal(Number(audit?.n), 2);
  });

  it('when the person asks for their data, then the export holds the photo as base64 JPEG; when they are erased, then the photo is gone', async () => {
    const eve = await person(server, 'Eve', 'Exported');
    assert.equal((await upload(eve, await jpegWithGps())).status, 303);
    const row = await stored(eve.id);
    const workspaceId = (await server.container.knex('users').where({ id: eve.id }).first()).workspace_id;
    const out = new Collector();
    await server.container.services.dsar['exporter'].write({ userId: eve.id, email: eve.email, workspaceId, role: 'member', name: 'Eve Exported' }, out, { requestId: null });
    const data = JSON.parse(readZip(Buffer.concat(out.chunks)).get('data.json')!.toString('utf8'));
    const [exported] = exportedRows(data, 'user_photos');
    assert.ok(exported, 'the photo is in data.json');
    assert.equal(exported.large, row.large);
    assert.equal(exported.small, row.small);
    assert.deepEqual([...Buffer.from(String(exported.large), 'base64').subarray(0, 2)], [0xff, 0xd8]);
    assert.match(JSON.stringify(data), /"user_photos":\{"rule":"your profile photo, as base64-encoded JPEG images/, 'described in the export');

    const request = await server.container.services.dsar.open({ type: 'erasure', user: eve.email, channel: 'email' }, cli);
    const outcome = await server.container.services.dsarErasure.erase(request.id, {}, cli);
    assert.equal(outcome.report.residue, 0, JSON.stringify(outcome.report.hits.filter((h) => h.classification === 'residue')));
    assert.equal(await stored(eve.id), undefined, 'erased');
    assert.equal((await server.container.knex('user_photos').where({ etag: row.etag }).first()), undefined, 'no row with its image remains');
  });
});

/** The first 24 bytes of a PNG: signature and IHDR (width and height are filled in by the test). */
const pngHeader = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]), Buffer.from('IHDR', 'latin1'), Buffer.alloc(13)]);
