// A real browser for tests: Debian's chromium (/usr/bin/chromium) driven by playwright-core.
// Never a browser downloaded through playwright; CI installs chromium with apt (see .ci/run).
//
// Two ways to get one:
//   const browser = await launchBrowser();              // a fresh, throw-away profile
//   const context = await browser.newContext({ locale: 'fr-FR' });
//   ...
//   await browser.close();
//
//   const profile = await openProfile({ locale: 'en-GB' }); // a profile on disk (cookie store kept)
//   const page = await profile.page();
//   ...
//   await profile.restart();   // a real browser restart: session cookies go, persistent ones stay
//   await profile.dispose();   // closes the browser and deletes the profile directory
//
// watchConsole(page) collects console errors and CSP violations of a page, so a test can assert
// that a flow was CSP-clean.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type BrowserContextOptions, type Page } from 'playwright-core';
import { strongPassword } from './http.js';

export type { Browser, BrowserContext, Page } from 'playwright-core';

export const chromiumPath = process.env.OPSENIC_TEST_CHROMIUM ?? '/usr/bin/chromium';

export const chromiumArgs = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--disable-sync',
  '--disable-quic',
];

function assertChromium(): void {
  if (!fs.existsSync(chromiumPath)) {
    throw new Error(`no chromium at ${chromiumPath}: install Debian's with \`apt-get update && apt-get install -y chromium\` (.ci/run does it)`);
  }
}

export interface ContextOptions {
  /** The browser's language: sets navigator.language and the Accept-Language header (e.g. 'fr-FR'). */
  locale?: string;
}

function contextOptions(options: ContextOptions): BrowserContextOptions {
  return { locale: options.locale ?? 'en-US', viewport: { width: 1024, height: 768 } };
}

/**
 * Launches chromium on a fresh profile (playwright gives each launch its own temporary user data
 * directory and removes it on close). Every browser.newContext() is isolated, like a private window.
 */
export async function launchBrowser(): Promise<Browser> {
  assertChromium();
  return chromium.launch({ executablePath: chromiumPath, args: chromiumArgs, headless: true });
}

/** A browser on a profile directory that outlives the browser process. */
export interface Profile {
  /** The user data directory. */
  readonly dir: string;
  /** The open context (the whole browser window set); replaced by restart(). */
  readonly context: BrowserContext;
  /** The context's first page (opens one if none is open). */
  page(): Promise<Page>;
  /** Closes the browser process and starts a new one on the same profile. */
  restart(): Promise<BrowserContext>;
  /** Closes the browser; the profile stays on disk for openProfile({ dir }). */
  close(): Promise<void>;
  /** Closes the browser and deletes the profile directory. */
  dispose(): Promise<void>;
}

/**
 * Opens chromium on a persistent profile (launchPersistentContext). Without `dir` a new empty
 * profile is made under the system temp directory. restart() really ends the browser process, so
 * what survives it is what a person's browser keeps: persistent cookies, not session cookies.
 */
export async function openProfile(options: ContextOptions & { dir?: string } = {}): Promise<Profile> {
  assertChromium();
  const dir = options.dir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'opsenic-chromium-'));
  const launch = () =>
    chromium.launchPersistentContext(dir, { executablePath: chromiumPath, args: chromiumArgs, headless: true, ...contextOptions(options) });
  let context = await launch();
  let open = true;
  const profile: Profile = {
    dir,
    get context() {
      return context;
    },
    async page() {
      return context.pages()[0] ?? (await context.newPage());
    },
    async restart() {
      if (open) await context.close();
      context = await launch();
      open = true;
      return context;
    },
    async close() {
      if (open) await context.close();
      open = false;
    },
    async dispose() {
      await profile.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
  return profile;
}

/** Opens a new isolated context of a browser from launchBrowser(), optionally in another language. */
export function newContext(browser: Browser, options: ContextOptions = {}): Promise<BrowserContext> {
  return browser.newContext(contextOptions(options));
}

export interface ConsoleWatch {
  /** Console messages of type error (including CSP violation reports) and uncaught page errors. */
  readonly errors: string[];
  /** The errors that are Content-Security-Policy violations. */
  cspViolations(): string[];
}

/** Starts collecting a page's console errors and CSP violations (attach before navigating). */
export function watchConsole(page: Page): ConsoleWatch {
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() !== 'error') return;
    const where = message.location().url;
    errors.push(where ? `${message.text()} [${where}]` : message.text());
  });
  page.on('pageerror', (error) => errors.push(`uncaught: ${error.message}`));
  return {
    errors,
    cspViolations: () => errors.filter((text) => /Content Security Policy|Content-Security-Policy/i.test(text)),
  };
}

/** Signs a page in through the real sign-in form, landing on Home (the test accounts share strongPassword). */
export async function signInThroughForm(page: Page, baseUrl: string, email: string, password: string = strongPassword): Promise<void> {
  await page.goto(`${baseUrl}/signin`);
  await page.locator('#f-email').fill(email);
  await page.locator('#f-password').fill(password);
  await Promise.all([page.waitForURL(`${baseUrl}/`), page.locator('form[action="/signin"] button[type=submit]').click()]);
}
