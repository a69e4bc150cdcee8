// What every browser test's describe block starts with: a server on SQLite and a chromium, started
// before its tests and closed after them (the browser first, so no page is left talking to a
// closed server).
//
//   const suite = browserSuite();                        // or browserSuite({ 'capture.analytics.enabled': true })
//   it('...', async () => { const page = await suite.browser.newPage(); await page.goto(suite.server.url); });
import { startTestServer, type TestServer } from './server.js';
import { launchBrowser, type Browser } from './browser.js';

export interface BrowserSuite {
  readonly server: TestServer;
  readonly browser: Browser;
}

export function browserSuite(config: Record<string, unknown> = {}): BrowserSuite {
  let server: TestServer | undefined;
  let browser: Browser | undefined;
  before(async function () {
    this.timeout(120_000);
    server = await startTestServer('sqlite', config);
    browser = await launchBrowser();
  });
  after(async function () {
    await browser?.close();
    await server?.close();
  });
  const started = <T>(value: T | undefined, what: string): T => {
    if (value === undefined) throw new Error(`the suite's ${what} is not started yet: use it inside a test or a hook`);
    return value;
  };
  return {
    get server() {
      return started(server, 'server');
    },
    get browser() {
      return started(browser, 'browser');
    },
  };
}
