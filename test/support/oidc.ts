// A real OpenID provider for tests: oidc-provider (MIT) on 127.0.0.1 with one confidential client,
// accounts the test defines, and interactions that log in as the account the test names (no login
// form to drive). In front of its token endpoint, a tiny proxy can tamper with the ID token (wrong
// audience, expired, bad signature, wrong nonce) re-signed with the provider's own key, so only the
// intended check can fail. Never listens beyond loopback.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as jose from 'jose';
import Provider from 'oidc-provider';

export interface TestAccount {
  email?: string;
  email_verified?: boolean;
  given_name?: string;
  family_name?: string;
  groups?: string[];
}

export type Tamper = 'wrongAudience' | 'expired' | 'badSignature' | 'wrongNonce' | 'unknownKid' | null;

/** The ID token signing algorithms the test provider can use. */
export type SigningAlg = 'RS256' | 'ES256' | 'PS256';

export interface TestIdp {
  issuer: string;
  /** The token endpoint behind the tampering proxy. */
  proxyTokenEndpoint: string;
  clientId: string;
  clientSecret: string;
  accounts: Map<string, TestAccount>;
  /** The subject the next interaction signs in as. */
  loginAs(subject: string): void;
  /** What the proxy does to the next ID tokens (null: passes them through). */
  tamper: Tamper;
  /** Provider config for the RP: discovery straight at the issuer. */
  discoveryConfig(overrides?: Record<string, unknown>): Record<string, unknown>;
  /** Signs the next ID tokens with a new key (new kid) that the key set published at the proxy now lists too: a key rotation. */
  rotateKey(): Promise<void>;
  /** How many times the relying party fetched the key set at the proxy's /jwks. */
  jwksFetches: number;
  /** Provider config for the RP: explicit endpoints, the token endpoint and key set through the tampering proxy. */
  proxiedConfig(overrides?: Record<string, unknown>): Record<string, unknown>;
  close(): Promise<void>;
}

function listen(server: http.Server, port = 0): Promise<string> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`));
  });
}

/** A loopback port that is free now (for a provider that starts after the server). */
export async function freePort(): Promise<number> {
  const probe = http.createServer();
  const url = await listen(probe);
  await new Promise((r) => probe.close(r));
  return Number(new URL(url).port);
}

async function readBody(req: http.IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

export async function startTestIdp(options: { port?: number; alg?: SigningAlg } = {}): Promise<TestIdp> {
  const alg = options.alg ?? 'RS256';
  const { privateKey } = await jose.generateKeyPair(alg, { extractable: true });
  const jwk = { ...(await jose.exportJWK(privateKey)), kid: 'test-signing-key', alg, use: 'sig' };
  const { privateKey: otherKey } = await jose.generateKeyPair(alg);
  // Keys published at the proxy's /jwks besides the provider's own, and the one re-signing tokens after a rotation.
  const rotatedKeys: jose.JWK[] = [];
  let rotated: { key: CryptoKey; kid: string } | undefined;
  const clientId = 'opsenic-test';
  const clientSecret = 'a-test-client-secret-that-is-long-enough';
  const accounts = new Map<string, TestAccount>();
  let nextLogin = '';

  const server = http.createServer();
  const issuer = await listen(server, options.port);
  const provider = new Provider(issuer, {
    clients: [{ client_id: clientId, client_secret: clientSecret, redirect_uris: [`${issuer}/placeholder`], post_logout_redirect_uris: [`${issuer}/placeholder`], grant_types: ['authorization_code'], response_types: ['code'], id_token_signed_response_alg: alg }],
    jwks: { keys: [jwk] },
    cookies: { keys: ['test-cookie-key-0123456789'] },
    claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['given_name', 'family_name', 'name'], groups: ['groups'] },
    scopes: ['openid', 'email', 'profile', 'groups'],
    pkce: { required: () => true },
    ttl: { Interaction: 600, Session: 3600, Grant: 3600, AccessToken: 600, IdToken: 600, AuthorizationCode: 60 },
    features: { devInteractions: { enabled: false }, rpInitiatedLogout: { enabled: true } },
    interactions: { url: (_ctx: unknown, interaction: { uid: string }) => `/interaction/${interaction.uid}` },
    async findAccount(_ctx: unknown, sub: string) {
      const account = accounts.get(sub);
      if (!account) return undefined;
      return { accountId: sub, claims: async () => ({ sub, ...account }) };
    },
  } as ConstructorParameters<typeof Provider>[1]);
  // The relying party listens on a random loopback port: accept any loopback redirect.
  const loopback = (value: string) => /^http:\/\/127\.0\.0\.1:\d+\//.test(value);
  (provider.Client.prototype as unknown as { redirectUriAllowed: (v: string) => boolean }).redirectUriAllowed = loopback;
  (provider.Client.prototype as unknown as { postLogoutRedirectUriAllowed: (v: string) => boolean }).postLogoutRedirectUriAllowed = loopback;
  const callback = provider.callback();

  server.on('request', (req, res) => {
    if (!req.url?.startsWith('/interaction/')) return callback(req, res);
    void (async () => {
      const details = await provider.interactionDetails(req, res);
      if (details.prompt.name === 'login') {
        await provider.interactionFinished(req, res, { login: { accountId: nextLogin } }, { mergeWithLastSubmission: false });
        return;
      }
      const { missingOIDCScope, missingOIDCClaims } = details.prompt.details as { missingOIDCScope?: string[]; missingOIDCClaims?: string[] };
      const grant = details.grantId ? await provider.Grant.find(details.grantId) : new provider.Grant({ accountId: details.session!.accountId, clientId: details.params.client_id as string });
      if (missingOIDCScope) grant!.addOIDCScope(missingOIDCScope.join(' '));
      if (missingOIDCClaims) grant!.addOIDCClaims(missingOIDCClaims);
      const grantId = await grant!.save();
      await provider.interactionFinished(req, res, { consent: { grantId } }, { mergeWithLastSubmission: true });
    })().catch((error) => {
      res.statusCode = 500;
      res.end(String(error));
    });
  });

  const proxy = http.createServer((req, res) => {
    void (async () => {
      if (req.url === '/jwks') {
        idp.jwksFetches += 1;
        const own = (await (await fetch(`${issuer}/jwks`)).json()) as { keys: jose.JWK[] };
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ keys: [...own.keys, ...rotatedKeys] }));
        return;
      }
      const body = await readBody(req);
      const headers: Record<string, string> = {};
      for (const [k, v] of Object.entries(req.headers)) if (typeof v === 'string' && !['host', 'content-length', 'connection'].includes(k)) headers[k] = v;
      const upstream = await fetch(`${issuer}/token`, { method: req.method, headers, body: body.length ? body.toString() : undefined });
      let text = await upstream.text();
      if (upstream.ok && rotated) {
        const json = JSON.parse(text) as { id_token?: string };
        if (json.id_token) {
          const header = { ...jose.decodeProtectedHeader(json.id_token), kid: rotated.kid } as jose.JWTHeaderParameters;
          json.id_token = await new jose.SignJWT(jose.decodeJwt(json.id_token)).setProtectedHeader(header).sign(rotated.key);
          text = JSON.stringify(json);
        }
      }
      if (upstream.ok && idp.tamper) {
        const json = JSON.parse(text) as { id_token?: string };
        if (json.id_token) {
          const header = jose.decodeProtectedHeader(json.id_token);
          const claims = jose.decodeJwt(json.id_token);
          const at = Math.floor(Date.now() / 1000);
          if (idp.tamper === 'wrongAudience') claims.aud = 'another-application';
          if (idp.tamper === 'expired') Object.assign(claims, { iat: at - 7200, exp: at - 3600 });
          if (idp.tamper === 'wrongNonce') claims.nonce = 'a-nonce-from-another-sign-in';
          const key = idp.tamper === 'badSignature' || idp.tamper === 'unknownKid' ? otherKey : privateKey;
          const signedHeader = { ...header, ...(idp.tamper === 'unknownKid' ? { kid: `forged-${Date.now()}` } : {}) } as jose.JWTHeaderParameters;
          json.id_token = await new jose.SignJWT(claims).setProtectedHeader(signedHeader).sign(key);
          text = JSON.stringify(json);
        }
      }
      res.writeHead(upstream.status, { 'content-type': upstream.headers.get('content-type') ?? 'application/json', 'cache-control': 'no-store' });
      res.end(text);
    })().catch((error) => {
      res.statusCode = 502;
      res.end(String(error));
    });
  });
  const proxyUrl = await listen(proxy);

  const common = { clientId, clientSecret, allowHttp: true, scopes: ['openid', 'email', 'profile', 'groups'] };
  const idp: TestIdp = {
    issuer,
    proxyTokenEndpoint: `${proxyUrl}/token`,
    clientId,
    clientSecret,
    accounts,
    tamper: null,
    loginAs(subject: string) {
      nextLogin = subject;
    },
    jwksFetches: 0,
    async rotateKey() {
      const { privateKey: key, publicKey } = await jose.generateKeyPair(alg);
      const kid = `rotated-${rotatedKeys.length + 1}`;
      rotatedKeys.push({ ...(await jose.exportJWK(publicKey)), kid, alg, use: 'sig' });
      rotated = { key, kid };
    },
    discoveryConfig: (overrides = {}) => ({ displayName: 'Acme ID', issuer, ...common, ...overrides }),
    proxiedConfig: (overrides = {}) => ({
      displayName: 'Acme ID (checked)',
      issuer,
      endpoints: { authorization: `${issuer}/auth`, token: `${proxyUrl}/token`, jwks: `${proxyUrl}/jwks`, userinfo: `${issuer}/me`, endSession: `${issuer}/session/end` },
      ...common,
      ...overrides,
    }),
    async close() {
      server.closeAllConnections();
      proxy.closeAllConnections();
      await Promise.all([new Promise((r) => server.close(r)), new Promise((r) => proxy.close(r))]);
    },
  };
  return idp;
}

/** A cookie jar for the provider's side of a flow (the test client keeps the server's cookies). */
export class IdpBrowser {
  private readonly cookies = new Map<string, string>();

  /** Follows the provider's redirects from `url` until one leads back to `rpBase`; returns that URL. */
  async followToRp(url: string, rpBase: string): Promise<string> {
    let next = url;
    for (let hop = 0; hop < 15; hop++) {
      if (next.startsWith(rpBase)) return next;
      const response = await fetch(next, { redirect: 'manual', headers: this.cookies.size ? { cookie: [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ') } : {} });
      for (const line of response.headers.getSetCookie()) {
        const [pair] = line.split(';');
        const [name, ...value] = pair!.split('=');
        this.cookies.set(name!.trim(), value.join('='));
      }
      const location = response.headers.get('location');
      if (!location) throw new Error(`the provider stopped at ${next} with ${response.status}: ${(await response.text()).slice(0, 300)}`);
      next = new URL(location, next).href;
    }
    throw new Error('too many redirects at the provider');
  }
}
