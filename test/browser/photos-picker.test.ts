// In a real browser (issue 22): a person uploads a profile photo, which then replaces their initials
// in the header and on their page; and the 1:1 list starts a 1:1 with a colleague chosen with the
// people picker by keyboard, and so does giving feedback from the feedback page. Each page is
// axe-clean and keeps its CSP.
import assert from 'node:assert/strict';
import { watchConsole, type Page, signInThroughForm } from '../support/browser.js';
import { person, type Person } from '../support/people.js';
import { axeViolations } from '../support/axe.js';
import { jpegWithGps } from '../support/photos.js';
import { browserSuite } from '../support/browser-suite.js';

describe('profile photo and the 1:1 people picker in the browser [sqlite]', function () {
  this.timeout(180_000);
  const suite = browserSuite();

  const signIn = (page: Page, who: Person) => signInThroughForm(page, suite.server.url, who.email);

  it('when a person uploads a photo on their profile, then it replaces their initials in the header and on their page, and a wrong file is refused with the reason', async function () {
    const pia = await person(suite.server, 'Pia', 'Photo');
    const context = await suite.browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'en-GB' });
    const page = await context.newPage();
    const console = watchConsole(page);
    await signIn(page, pia);
    await page.goto(`${suite.server.url}/profile`);
    await page.getByText('You have no photo: your initials are shown.').waitFor();
    assert.deepEqual(await axeViolations(page), []);

    await page.getByLabel('Choose a photo').setInputFiles({ name: 'notes.jpg', mimeType: 'image/jpeg', buffer: Buffer.from('not a picture') });
    await Promise.all([page.waitForLoadState('load'), page.getByRole('button', { name: 'Upload photo' }).click()]);
    await page.getByText('This file is not a JPEG, PNG or WebP image.').waitFor();
    assert.equal(await page.getByLabel('Choose a photo').getAttribute('aria-invalid'), 'true');
    assert.deepEqual(await axeViolations(page), [], 'the refused form is accessible too');

    await page.getByLabel('Choose a photo').setInputFiles({ name: 'me.jpg', mimeType: 'image/jpeg', buffer: await jpegWithGps() });
    await Promise.all([page.waitForURL(/\/profile\?photo=saved/), page.getByRole('button', { name: 'Upload photo' }).click()]);
    await page.getByText('Your photo was saved.').waitFor();
    const large = page.locator('#photo img.avatar.large');
    await large.waitFor();
    assert.equal(await large.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth), 256, 'the 256 px photo loaded');
    const header = page.locator('summary img.avatar.small');
    assert.equal(await header.count(), 1, 'the header shows the photo instead of the initials');
    assert.deepEqual(await axeViolations(page), []);

    await page.goto(`${suite.server.url}/people/${pia.id}`);
    assert.equal(await page.locator('.page-head img.avatar.large').count(), 1);
    assert.deepEqual(console.cspViolations(), []);
    // The refused upload's 400 is the one error the browser reports: the form answered it on purpose.
    assert.deepEqual(console.errors.map((e) => e.replace(/127\.0\.0\.1:\d+/, 'host')), ['Failed to load resource: the server responded with a status of 400 (Bad Request) [http://host/profile/photo]']);
    await context.close();
  });

  it('when a person starts a 1:1 from the 1:1 list, then they pick the colleague by name with the keyboard, not by email', async function () {
    const max = await person(suite.server, 'Max', 'Meeter');
    const colleague = await person(suite.server, 'Quentin', 'Colleague');
    const context = await suite.browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'en-GB' });
    const page = await context.newPage();
    const console = watchConsole(page);
    await signIn(page, max);
    await page.goto(`${suite.server.url}/one-on-ones`);
    const picker = page.getByRole('combobox', { name: 'Start a 1:1 with' });
    await picker.click();
    await picker.pressSequentially('Quen', { delay: 20 });
    await page.getByRole('option', { name: /Quentin Colleague/ }).waitFor();
    assert.deepEqual(await axeViolations(page), [], 'the open listbox is accessible');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    assert.equal(await picker.inputValue(), 'Quentin Colleague');
    await Promise.all([page.waitForURL(/\/one-on-ones\/[^/]+$/), page.getByRole('button', { name: 'Start a 1:1' }).click()]);
    await page.getByRole('heading', { name: /Quentin Colleague/ }).waitFor();
    const pair = await suite.server.container.knex('one_on_ones').where({ created_by: max.id }).first();
    assert.deepEqual([pair.person_a_id, pair.person_b_id].sort(), [max.id, colleague.id].sort());
    assert.deepEqual(console.cspViolations(), []);
    assert.deepEqual(console.errors, []);
    await context.close();
  });

  it('when a person gives feedback from the feedback page, then they pick the colleague by name with the keyboard, and the feedback is listed as given', async function () {
    const fay = await person(suite.server, 'Fay', 'Feedbacker');
    const colleague = await person(suite.server, 'Norbert', 'Noticed');
    const context = await suite.browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'en-GB' });
    const page = await context.newPage();
    const console = watchConsole(page);
    await signIn(page, fay);
    await page.goto(`${suite.server.url}/feedback`);
    await page.getByText('Give feedback to a colleague').click();
    const picker = page.getByRole('combobox', { name: 'To whom' });
    await picker.click();
    await picker.pressSequentially('Norb', { delay: 20 });
    await page.getByRole('option', { name: /Norbert Noticed/ }).waitFor();
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    assert.equal(await picker.inputValue(), 'Norbert Noticed');
    await page.getByLabel('Your feedback').fill('Your notes made the handover painless.');
    assert.deepEqual(await axeViolations(page), [], 'the open form is accessible');
    await Promise.all([page.waitForURL(/\/feedback#feedback-/), page.getByRole('button', { name: 'Give feedback' }).click()]);
    await page.getByText('Your feedback was sent.').waitFor();
    assert.match(await page.locator('#given').locator('xpath=..').innerText(), /To Norbert Noticed[\s\S]*Your notes made the handover painless\./);
    const stored = await suite.server.container.knex('feedback').where({ giver_id: fay.id }).first();
    assert.equal(stored.recipient_id, colleague.id);
    assert.deepEqual(console.cspViolations(), []);
    assert.deepEqual(console.errors, []);
    await context.close();
  });
});
