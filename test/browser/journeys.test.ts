// Four journeys through the shell in a real browser, each at desktop and phone sizes: a new
// employee's first day (Home, the sidebar or its drawer, the directory, a 1:1, an @mention picked by
// name and a mistyped one flagged before saving), a lead managing a node (the Manage tab, the people
// picker by keyboard, a removal confirmed in a dialog, its toast and Undo), an admin managing people
// (search, a row's Actions menu, disable with its toast and Undo, a reset link by email) and an
// employee following a privacy request (filed in the privacy center, answered by the privacy team,
// a notification, the status and result in the center).
import assert from 'node:assert/strict';
import { watchConsole, type Page, signInThroughForm } from '../support/browser.js';
import { count, makeAdmin, node, person, type Person } from '../support/people.js';
import { signupLinkIn, strongPassword, uniqueEmail } from '../support/http.js';
import { browserSuite } from '../support/browser-suite.js';

const sizes = [
  { name: 'desktop', viewport: { width: 1280, height: 800 } },
  { name: 'phone', viewport: { width: 390, height: 844 } },
] as const;

describe('journeys through the shell in the browser [sqlite]', function () {
  this.timeout(180_000);
  const suite = browserSuite();

  /** Follows a main section: the sidebar on a desktop, the drawer (opened by the menu button) on a phone. */
  async function goTo(page: Page, phone: boolean, section: string): Promise<void> {
    if (phone) {
      assert.equal(await page.locator('#sidebar').isVisible(), false, 'on a phone the sidebar waits in its drawer');
      await page.getByRole('link', { name: 'Open the menu' }).click();
      await page.locator('#sidebar[data-open]').waitFor();
    }
    await Promise.all([page.waitForLoadState('load'), page.locator('#sidebar').getByRole('link', { name: section, exact: true }).click()]);
  }

  for (const size of sizes) {
    const phone = size.name === 'phone';

    it(`when a new employee spends their first day (${size.name}), then Home guides them, the directory finds their lead, a 1:1 starts, a mention picked by name reaches the lead and a mistyped one is flagged before saving`, async function () {
      const lead = await person(suite.server, `Lina${size.name}`, 'Lead');
      const teamId = await node(suite.server, { name: `Falcon ${size.name}`, leads: [lead] });
      const context = await suite.browser.newContext({ viewport: size.viewport, locale: 'en-GB' });
      const page = await context.newPage();
      const console = watchConsole(page);

      await page.goto(`${suite.server.url}/signup`);
      await page.getByLabel('First name').fill('Nora');
      await page.getByLabel('Last name').fill(`New${size.name}`);
      const email = uniqueEmail('nora');
      await page.getByLabel('Email').fill(email);
      await page.getByLabel('Password').fill(strongPassword);
      await page.getByRole('button', { name: 'Create account' }).click();
      await page.getByRole('heading', { name: 'Check your inbox' }).waitFor();
      await page.goto(signupLinkIn((await suite.server.mailer.waitFor(email)).text)!);
      await Promise.all([page.waitForURL(`${suite.server.url}/`), page.getByRole('button', { name: 'Create my account' }).click()]);
      await page.getByText('You are not in a team yet').waitFor();
      assert.equal(await page.getByRole('link', { name: 'Browse the organization' }).getAttribute('href'), '/org');

      await goTo(page, phone, 'People');
      await page.getByLabel('Find by name').fill(`Lina${size.name}`);
      await Promise.all([page.waitForURL(/q=Lina/), page.getByRole('button', { name: 'Find', exact: true }).click()]);
      await Promise.all([page.waitForLoadState('load'), page.getByRole('link', { name: `Lina${size.name} Lead` }).click()]);
      await Promise.all([page.waitForURL(/\/one-on-ones\/[^/]+$/), page.getByRole('button', { name: '1:1 notes with this person' }).click()]);

      await page.goto(`${suite.server.url}/discussions/node/${teamId}`);
      const comment = page.getByLabel('Add a comment');
      await comment.click();
      await comment.pressSequentially(`Hello @Lina${size.name.slice(0, 3)}`, { delay: 20 });
      const option = page.getByRole('option', { name: new RegExp(`Lina${size.name} Lead`) });
      await option.waitFor();
      await page.keyboard.press('Enter');
      assert.equal(await comment.inputValue(), `Hello @${lead.email} `);
      await comment.pressSequentially('and @Nobodyknown', { delay: 10 });
      await page.keyboard.press('Escape');
      await page.getByRole('button', { name: 'Post comment' }).click();
      const warning = page.getByRole('alert').filter({ hasText: 'match nobody' });
      await warning.waitFor();
      assert.match(await warning.innerText(), /@Nobodyknown/);
      assert.equal(await count(suite.server, 'comments', { node_id: teamId }), 0, 'the flagged comment was not sent');

      await comment.fill(`Hello @${lead.email}, glad to join!`);
      await Promise.all([page.waitForLoadState('load'), page.getByRole('button', { name: 'Post comment' }).click()]);
      await page.getByText('glad to join!').waitFor();
      assert.equal(await count(suite.server, 'notifications', { user_id: lead.id, kind: 'mention' }), 1, 'the lead is told of the mention');

      await goTo(page, phone, 'Home');
      await page.getByText(`with Lina${size.name} Lead`).waitFor();
      assert.deepEqual(console.cspViolations(), []);
      assert.deepEqual(console.errors, []);
      await context.close();
    });

    it(`when a lead manages their node (${size.name}), then the node page reads first, the Manage tab adds a member picked by keyboard, and a removal is confirmed, toasted and undone`, async function () {
      const lead = await person(suite.server, 'Lars', `Lead${size.name}`);
      const keeper = await person(suite.server, 'Kira', `Keeper${size.name}`);
      // Two namesakes: the picker lists both (by last name) and the keyboard chooses the second.
      await person(suite.server, `Quincy${size.name}`, 'Aaronson');
      const newcomer = await person(suite.server, `Quincy${size.name}`, 'Quasar');
      const teamId = await node(suite.server, { name: `Kestrel ${size.name}`, leads: [lead], members: [keeper] });
      const context = await suite.browser.newContext({ viewport: size.viewport, locale: 'en-GB' });
      const page = await context.newPage();
      const console = watchConsole(page);
      await signIn(page, lead);

      await page.goto(`${suite.server.url}/org/nodes/${teamId}`);
      assert.equal(await page.locator('form[action$="/members"]').count(), 0, 'the node page is for reading');
      await Promise.all([page.waitForURL(/\/manage$/), page.getByRole('link', { name: 'Manage', exact: true }).click()]);

      const picker = page.getByRole('combobox', { name: 'Email of the person' });
      await picker.click();
      await picker.pressSequentially(`Quincy${size.name}`, { delay: 20 });
      await page.getByRole('option', { name: new RegExp(`Quincy${size.name} Quasar`) }).waitFor();
      assert.equal(await page.getByRole('listbox', { name: 'Matching people' }).getByRole('option').count(), 2);
      await page.keyboard.press('ArrowDown');
      assert.equal(await page.getByRole('listbox', { name: 'Matching people' }).getByRole('option', { selected: true, name: new RegExp(`^Quincy${size.name} Quasar`) }).count(), 1, 'ArrowDown moved to the second namesake');
      await page.keyboard.press('Enter');
      assert.equal(await picker.inputValue(), `Quincy${size.name} Quasar`);
      await Promise.all([page.waitForURL(/done=1/), page.getByRole('button', { name: 'Add member' }).click()]);
      assert.equal(await count(suite.server, 'org_memberships', { node_id: teamId, user_id: newcomer.id }), 1);

      // Removing asks first; Cancel keeps the member.
      const remove = page.getByRole('button', { name: `Remove Kira Keeper${size.name}` });
      await remove.click();
      const dialog = page.getByRole('dialog', { name: `Remove Kira Keeper${size.name} from Kestrel ${size.name}?` });
      await dialog.waitFor();
      await dialog.getByRole('button', { name: 'Cancel' }).click();
      assert.equal(await count(suite.server, 'org_memberships', { node_id: teamId, user_id: keeper.id }), 1, 'cancelled: nothing removed');
      await remove.click();
      await Promise.all([page.waitForLoadState('load'), dialog.getByRole('button', { name: 'Remove' }).click()]);
      const toast = page.getByRole('status').filter({ hasText: `Kira Keeper${size.name} was removed.` });
      await toast.waitFor();
      assert.equal(await count(suite.server, 'org_memberships', { node_id: teamId, user_id: keeper.id }), 0);
      await Promise.all([page.waitForLoadState('load'), toast.getByRole('button', { name: 'Undo' }).click()]);
      await page.getByRole('status').filter({ hasText: 'Restored.' }).waitFor();
      assert.equal(await count(suite.server, 'org_memberships', { node_id: teamId, user_id: keeper.id }), 1, 'undo put the member back');
      assert.deepEqual(console.cspViolations(), []);
      assert.deepEqual(console.errors, []);
      await context.close();
    });

    it(`when an admin manages people (${size.name}), then search finds a person, the row's Actions menu disables them with a toast and Undo, and sends a reset link by email`, async function () {
      const admin = await person(suite.server, 'Ada', `Admin${size.name}`);
      await makeAdmin(suite.server, admin);
      const target = await person(suite.server, 'Tess', `Target${size.name}`);
      const name = `Tess Target${size.name}`;
      const context = await suite.browser.newContext({ viewport: size.viewport, locale: 'en-GB' });
      const page = await context.newPage();
      const console = watchConsole(page);
      await signIn(page, admin);

      await goTo(page, phone, 'Admin');
      await Promise.all([page.waitForURL(/\/admin\/users$/), page.getByRole('link', { name: 'Manage people' }).click()]);
      await page.getByLabel('Name, email or title').fill(`Target${size.name}`);
      await Promise.all([page.waitForURL(/q=Target/), page.getByRole('button', { name: 'Show', exact: true }).click()]);
      assert.equal(await page.locator('#users tbody tr').count(), 1, 'the search narrows the list to the one person');
      assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), 'nothing overflows sideways');

      // The row's actions wait behind one button; the menu opens on it.
      assert.equal(await page.getByRole('button', { name: `Disable ${name}` }).isVisible(), false, 'closed until asked for');
      await page.locator('#users summary[aria-label="Actions for ' + name + '"]').click();
      await Promise.all([page.waitForLoadState('load'), page.getByRole('button', { name: `Disable ${name}` }).click()]);
      const toast = page.getByRole('status').filter({ hasText: `${name} is disabled` });
      await toast.waitFor();
      assert.equal((await suite.server.container.repositories.users.findById(target.id))!.status, 'disabled');
      assert.equal((await target.client.get('/api/v1/me')).status, 401, 'their session ended at once');
      assert.match((await page.locator(`#users tr[data-user="${target.id}"] td[data-label="Status"]`).textContent()) ?? '', /Disabled/);
      await Promise.all([page.waitForLoadState('load'), toast.getByRole('button', { name: 'Undo' }).click()]);
      await page.getByRole('status').filter({ hasText: `${name} can sign in again` }).waitFor();
      assert.equal((await suite.server.container.repositories.users.findById(target.id))!.status, 'active', 'undo enabled them again');

      const before = suite.server.mailer.sent.filter((m) => m.to === target.email).length;
      await page.locator('#users summary[aria-label="Actions for ' + name + '"]').click();
      await Promise.all([page.waitForLoadState('load'), page.getByRole('button', { name: `Send reset link: ${name}` }).click()]);
      await page.getByRole('status').filter({ hasText: `A password reset link was sent to ${name}.` }).waitFor();
      assert.match((await suite.server.mailer.waitFor(target.email, before)).text, /\/password\/reset\//);
      assert.deepEqual(console.cspViolations(), []);
      assert.deepEqual(console.errors, []);
      await context.close();
    });

    it(`when an employee follows a privacy request (${size.name}), then they file it in words from the privacy center, the privacy team answers, a notification says so and the center shows the result`, async function () {
      const employee = await person(suite.server, 'Eli', `Employee${size.name}`);
      const privacy = await person(suite.server, 'Pia', `Privacy${size.name}`);
      await suite.server.container.knex('users').where({ id: privacy.id }).update({ role: 'privacy' });
      const context = await suite.browser.newContext({ viewport: size.viewport, locale: 'en-GB' });
      const page = await context.newPage();
      const console = watchConsole(page);
      await signIn(page, employee);

      // The privacy center is in the account menu of the top bar, on every size.
      await page.locator('details.user-menu > summary').click();
      await Promise.all([page.waitForURL(/\/privacy\/me$/), page.getByRole('link', { name: 'My data' }).click()]);
      await page.getByLabel('What do you ask for?').selectOption({ label: 'Correct something that is wrong (rectification)' });
      await page.getByLabel('Details (what is wrong, what should change)').fill('My title should read Staff Engineer.');
      await Promise.all([page.waitForURL(/done=requested/), page.getByRole('button', { name: 'Send the request' }).click()]);
      await page.getByRole('status').filter({ hasText: 'Your request was filed' }).waitFor();
      const request = await suite.server.container.knex('dsar_requests').where({ subject_user_id: employee.id }).first();
      const row = page.locator(`#request-${request.id}`);
      assert.match((await row.textContent()) ?? '', /Rectification[\s\S]*Received[\s\S]*Not answered yet/);
      assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), 'nothing overflows sideways');

      // The privacy team corrects the title and closes the request, in their own browser.
      const staffContext = await suite.browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'en-GB' });
      const staff = await staffContext.newPage();
      await signIn(staff, privacy);
      await staff.goto(`${suite.server.url}/privacy/requests/${request.id}`);
      await staff.locator('form[action$="/rectify"] #f-title').fill('Staff Engineer');
      await Promise.all([staff.waitForURL(/done=rectified/), staff.getByRole('button', { name: 'Correct the data' }).click()]);
      await staff.locator('form[action$="/close"] #f-outcome').selectOption('completed');
      await Promise.all([staff.waitForURL(/done=closed/), staff.getByRole('button', { name: 'Close the request' }).click()]);
      await staffContext.close();

      // The employee is told, and the center shows the outcome.
      await page.goto(`${suite.server.url}/notifications`);
      const note = page.getByRole('link', { name: /One of your privacy requests changed/ }).first();
      await Promise.all([page.waitForURL(/\/privacy\/me/), note.click()]);
      assert.match((await row.textContent()) ?? '', /Rectification[\s\S]*Completed/);
      assert.equal((await suite.server.container.repositories.users.findById(employee.id))!.title, 'Staff Engineer');
      assert.deepEqual(console.cspViolations(), []);
      assert.deepEqual(console.errors, []);
      await context.close();
    });
  }

  const signIn = (page: Page, who: Person) => signInThroughForm(page, suite.server.url, who.email);
});
