// A small HTTP client for integration tests: a cookie jar, CSRF handled like a browser would
// (read the token from the form or from /api/v1/csrf-token), no automatic redirects.
import { productCookieNames } from '../../server/components/cookies/cookies.registry.js';
import { testMailerAt } from './server.js';
import type { Container } from '../../server/container.js';

const registeredCookies = new Set(productCookieNames());
export interface Reply {
  status: number;
  headers: Headers;
  text: string;
  json<T = any>(): T;
  location: string | null;
  setCookies: string[];
}

export class TestClient {
  readonly cookies = new Map<string, string>();

  constructor(
    readonly baseUrl: string,
    private readonly defaultHeaders: Record<string, string> = {},
  ) {}

  private cookieHeader(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  async request(method: string, path: string, options: { body?: string | FormData; headers?: Record<string, string> } = {}): Promise<Reply> {
    const response = await fetch(this.baseUrl + path, {
      method,
      redirect: 'manual',
      headers: { ...this.defaultHeaders, ...(this.cookies.size ? { cookie: this.cookieHeader() } : {}), ...options.headers },
      body: options.body,
    });
    const setCookies = response.headers.getSetCookie();
    // Every cookie the product sets must be in the cookie registry (and so on /privacy/cookies).
    for (const line of setCookies) {
      const name = line.split(';')[0]!.split('=')[0]!.trim();
      if (!registeredCookies.has(name)) throw new Error(`${method} ${path} set the cookie "${name}", which is not in the cookie registry (server/components/cookies/cookies.registry.ts)`);
    }
    for (const line of setCookies) {
      const [pair, ...attrs] = line.split(';');
      const [name, ...value] = pair!.split('=');
      const expired = attrs.some((a) => /expires=Thu, 01 Jan 1970/i.test(a) || /max-age=0/i.test(a));
      if (expired) this.cookies.delete(name!.trim());
      else this.cookies.set(name!.trim(), value.join('='));
    }
    const text = await response.text();
    return { status: response.status, headers: response.headers, text, json: () => JSON.parse(text), location: response.headers.get('location'), setCookies };
  }

  get(path: string, headers?: Record<string, string>): Promise<Reply> {
    return this.request('GET', path, { headers });
  }

  async csrfToken(): Promise<string> {
    const reply = await this.get('/api/v1/csrf-token');
    return reply.json().csrfToken;
  }

  /** Submits a form the way a browser does, with the session's CSRF token unless one is given. */
  async postForm(path: string, data: Record<string, string>, options: { csrf?: string | false } = {}): Promise<Reply> {
    const token = options.csrf === undefined ? await this.csrfToken() : options.csrf;
    const body = new URLSearchParams({ ...(token ? { _csrf: token } : {}), ...data }).toString();
    return this.request('POST', path, { body, headers: { 'content-type': 'application/x-www-form-urlencoded' } });
  }

  /** Submits a multipart form (a file upload) the way a browser does: the CSRF token first, then the fields and files. */
  async postMultipart(path: string, fields: Record<string, string>, files: Record<string, { bytes: Buffer; name: string; type: string }>, options: { csrf?: string | false } = {}): Promise<Reply> {
    const token = options.csrf === undefined ? await this.csrfToken() : options.csrf;
    const form = new FormData();
    if (token) form.append('_csrf', token);
    for (const [name, value] of Object.entries(fields)) form.append(name, value);
    for (const [name, file] of Object.entries(files)) form.append(name, new Blob([new Uint8Array(file.bytes)], { type: file.type }), file.name);
    return this.request('POST', path, { body: form });
  }

  async sendJson(method: string, path: string, data: unknown, options: { csrf?: string | false; headers?: Record<string, string> } = {}): Promise<Reply> {
    const token = options.csrf === undefined ? await this.csrfToken() : options.csrf;
    return this.request(method, path, {
      body: typeof data === 'string' ? data : JSON.stringify(data),
      headers: { 'content-type': 'application/json', accept: 'application/json', ...(token ? { 'x-csrf-token': token } : {}), ...options.headers },
    });
  }
}

export const strongPassword = 'correct horse battery staple 42';

let counter = 0;
export function uniqueEmail(prefix = 'person'): string {
  counter += 1;
  return `${prefix}.${Date.now().toString(36)}${counter}@example.com`;
}

/**
 * Where a sign-up's emailed link is read (the test server's capturing mailer by default): called
 * before the form is sent, it returns the wait for the link that the sign-up then emails.
 */
export type SignupLinkSource = (email: string) => () => Promise<string>;

/** The sign-up link in the last confirmation email to `email` captured by the test server at `baseUrl`. */
export function mailedSignupLink(baseUrl: string): SignupLinkSource {
  return (email) => {
    const mailer = testMailerAt(baseUrl);
    if (!mailer) throw new Error(`no test mailer for ${baseUrl}: start it with startTestServer, or pass where the sign-up link is read`);
    const before = mailer.sent.filter((m) => m.to === email).length;
    return async () => {
      const mail = await mailer.waitFor(email, before);
      const link = signupLinkIn(mail.text);
      if (!link) throw new Error(`the last email to ${email} holds no sign-up link: ${mail.subject}`);
      return link;
    };
  };
}

/** The /signup/confirm/<token> link in an email's text, if any. */
export function signupLinkIn(text: string): string | undefined {
  return /https?:\/\/\S+\/signup\/confirm\/[A-Za-z0-9_-]+/.exec(text)?.[0];
}

/**
 * Signs up through the real form, follows the emailed link (read from the test mailer) and its
 * confirmation form, and returns the signed-in client.
 */
export async function signedUpClient(baseUrl: string, person: { email?: string; firstName?: string; lastName?: string; password?: string } = {}, linkOf: SignupLinkSource = mailedSignupLink(baseUrl)): Promise<{ client: TestClient; email: string; password: string }> {
  const client = new TestClient(baseUrl);
  const email = person.email ?? uniqueEmail();
  const password = person.password ?? strongPassword;
  const mailedLink = linkOf(email);
  const reply = await client.postForm('/signup', { firstName: person.firstName ?? 'Grace', lastName: person.lastName ?? 'Hopper', email, password });
  if (reply.status !== 200) throw new Error(`sign-up failed with ${reply.status}: ${reply.text.slice(0, 500)}`);
  await followSignupLink(client, await mailedLink());
  return { client, email, password };
}

/** Opens an emailed sign-up link and confirms it, as a person does; the client is then signed in. */
export async function followSignupLink(client: TestClient, link: string): Promise<void> {
  const path = new URL(link).pathname;
  const page = await client.get(path);
  if (page.status !== 200) throw new Error(`the sign-up link answered ${page.status}: ${page.text.slice(0, 300)}`);
  const confirmed = await client.postForm(path, {});
  if (confirmed.status !== 303) throw new Error(`confirming the sign-up failed with ${confirmed.status}: ${confirmed.text.slice(0, 300)}`);
}

export async function signedInClient(baseUrl: string, email: string, password: string, remember = false): Promise<TestClient> {
  const client = new TestClient(baseUrl);
  const reply = await client.postForm('/signin', { email, password, ...(remember ? { remember: 'on' } : {}) });
  if (reply.status !== 303) throw new Error(`sign-in failed with ${reply.status}: ${reply.text.slice(0, 300)}`);
  return client;
}

/**
 * An account made through the accounts service (as `opsenic users create` does), for tests of a
 * server whose mail goes to a real SMTP server or nowhere, where no emailed sign-up link can be read.
 */
export async function createdAccount(container: Pick<Container, 'services'>, person: { email?: string; firstName?: string; lastName?: string } = {}): Promise<{ email: string; password: string }> {
  const email = person.email ?? uniqueEmail();
  await container.services.accounts.create({ firstName: person.firstName ?? 'Grace', lastName: person.lastName ?? 'Hopper', email, password: strongPassword, role: 'member' });
  return { email, password: strongPassword };
}
