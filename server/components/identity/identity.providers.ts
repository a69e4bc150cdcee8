// The configured OpenID Connect providers, as openid-client Configurations behind passport.
//
// Why openid-client (not passport-openidconnect): passport-openidconnect 0.1 sends no PKCE and does
// not check the ID token's signature. openid-client v6 (MIT, certified) does the protocol: PKCE S256,
// state, nonce, and, with enableNonRepudiationChecks, the ID token's signature against the
// provider's JWKS, plus issuer, audience, azp and expiry. Passport stays the integration point:
// each provider is an openid-client passport Strategy on a private Authenticator (no global state,
// so several servers in one process do not share strategies).
//
// Discovery runs at start in the background: a provider that is down never delays the server; it
// is retried with a doubling delay, and a sign-in attempt in between tries once more at once.
import * as jose from 'jose';
import * as oidc from 'openid-client';
import { Strategy, type AuthenticateOptions } from 'openid-client/passport';
import passport from 'passport';
import type { Request } from 'express';
import type { Logger } from '../../platform/logger.js';
import { createOutboundFetch, type OutboundFetch } from '../../platform/outbound-fetch.js';
import type { User as AccountUser } from '../accounts/users.repository.js';
import type { OidcConfig, OidcProviderConfig } from './identity.config.js';
import { ProviderKeys } from './identity.keys.js';

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    // @types/passport types req.user as Express.User: make it our account (server/web/context.ts).
    // eslint-disable-next-line @typescript-eslint/no-empty-object-type
    interface User extends AccountUser {}
  }
}

const MAX_RETRY_MS = 10 * 60_000;

/** What the callback hands to the identity service: the verified ID token's claims (merged with userinfo) and the raw token for logout. */
export interface VerifiedSignIn {
  claims: Record<string, unknown>;
  idToken: string | undefined;
}

/** Why a sign-in was refused: stable names used in audit entries and to pick the page's message. */
export type RefusalReason =
  | 'wrong_audience'
  | 'wrong_issuer'
  | 'expired_token'
  | 'token_not_yet_valid'
  | 'bad_signature'
  | 'unknown_signing_key'
  | 'unexpected_algorithm'
  | 'wrong_nonce'
  | 'state_mismatch'
  | 'state_replayed'
  | 'provider_error'
  | 'token_request_failed'
  | 'invalid_token'
  | 'provider_unavailable';

interface ProviderState {
  id: string;
  settings: OidcProviderConfig;
  configuration?: oidc.Configuration;
  loading?: Promise<boolean>;
  timer?: NodeJS.Timeout;
  nextDelay: number;
  lastError?: string;
  /** The provider's signing keys (cached; refetched once, rate-limited, when a token names an unknown key). */
  keys?: ProviderKeys;
  /** The ID token algorithms accepted: per-provider config, else discovery, else RS256 (OIDC's default). */
  algorithms?: string[];
}

/** A refusal decided by our own checks (the ID token's signature), with its reason. */
export class ProviderRefusal extends Error {
  constructor(
    public readonly reason: RefusalReason,
    message: string,
  ) {
    super(message);
  }
}

/** openid-client's passport strategy, plus a state and a nonce on every request (it adds them only where PKCE is unsupported). */
class CheckedStrategy extends Strategy {
  override authorizationRequestParams<T extends AuthenticateOptions>(req: Request, options: T): URLSearchParams {
    const params = new URLSearchParams(super.authorizationRequestParams(req, options));
    params.set('state', oidc.randomState());
    params.set('nonce', oidc.randomNonce());
    return params;
  }
}

export function sessionKeyOf(providerId: string): string {
  return `oidc:${providerId}`;
}

/** Maps an openid-client failure onto a refusal reason (the library's error codes and the claim at fault). */
export function classifyFailure(error: unknown): RefusalReason {
  if (error instanceof ProviderRefusal) return error.reason;
  if (error instanceof oidc.AuthorizationResponseError) return 'provider_error';
  if (error instanceof oidc.ResponseBodyError) return 'token_request_failed';
  const code = (error as { code?: string })?.code;
  const cause = (error as { cause?: { message?: string; cause?: { claim?: string } } })?.cause;
  const claim = cause?.cause?.claim;
  const message = cause?.message ?? (error as Error)?.message ?? '';
  if (code === 'OAUTH_JWT_CLAIM_COMPARISON_FAILED') {
    if (claim === 'aud' || claim === 'azp') return 'wrong_audience';
    if (claim === 'nonce') return 'wrong_nonce';
    if (claim === 'iss') return 'wrong_issuer';
    return 'invalid_token';
  }
  if (code === 'OAUTH_JWT_TIMESTAMP_CHECK_FAILED') return claim === 'nbf' || claim === 'iat' ? 'token_not_yet_valid' : 'expired_token';
  if (code === 'OAUTH_KEY_SELECTION_FAILED') return 'unknown_signing_key';
  if (code === 'OAUTH_INVALID_RESPONSE') {
    if (/"alg"/.test(message)) return 'unexpected_algorithm';
    if (/signature/i.test(message)) return 'bad_signature';
    if (/"state"/.test(message)) return 'state_mismatch';
    return 'invalid_token';
  }
  if (code === 'OAUTH_RESPONSE_IS_NOT_CONFORM' || code === 'OAUTH_RESPONSE_IS_NOT_JSON') return 'token_request_failed';
  if (error instanceof TypeError || (error as Error)?.name === 'AbortError' || (error as Error)?.name === 'TimeoutError') return 'provider_unavailable';
  return 'invalid_token';
}

export class OidcProviders {
  private readonly authenticator = new passport.Passport();
  private readonly states = new Map<string, ProviderState>();
  private stopped = false;

  constructor(
    private readonly config: OidcConfig,
    private readonly logger: Logger,
    /** Every request to a provider (discovery, token, keys, userinfo) goes through the environment's proxy. */
    private readonly fetch: OutboundFetch = createOutboundFetch(),
  ) {
    for (const [id, settings] of Object.entries(config.providers)) {
      this.states.set(id, { id, settings, nextDelay: config.discoveryRetry });
    }
  }

  /** The providers for the sign-in and sign-up buttons, in config order. */
  list(): Array<{ id: string; displayName: string; ready: boolean }> {
    return [...this.states.values()].map((s) => ({ id: s.id, displayName: s.settings.displayName, ready: Boolean(s.configuration) }));
  }

  settings(id: string): OidcProviderConfig | undefined {
    return this.states.get(id)?.settings;
  }

  has(id: string): boolean {
    return this.states.has(id);
  }

  /** Starts discovery of every provider without waiting for any of them. */
  start(): void {
    this.stopped = false;
    for (const state of this.states.values()) void this.load(state);
  }

  stop(): void {
    this.stopped = true;
    for (const state of this.states.values()) {
      if (state.timer) clearTimeout(state.timer);
      state.timer = undefined;
    }
  }

  /** The provider's configuration; tries discovery once more now when it is not loaded yet. */
  async ready(id: string): Promise<oidc.Configuration | undefined> {
    const state = this.states.get(id);
    if (!state) return undefined;
    if (!state.configuration) await this.load(state);
    return state.configuration;
  }

  private load(state: ProviderState): Promise<boolean> {
    state.loading ??= (async () => {
      try {
        state.configuration = await this.configure(state);
        this.authenticator.use(`oidc-${state.id}`, this.strategyFor(state.id, state.configuration));
        if (state.timer) clearTimeout(state.timer);
        state.timer = undefined;
        state.lastError = undefined;
        state.nextDelay = this.config.discoveryRetry;
        this.logger.info({ provider: state.id, issuer: state.settings.issuer }, 'OpenID Connect provider ready');
        return true;
      } catch (error) {
        state.lastError = (error as Error).message;
        this.logger.warn({ provider: state.id, issuer: state.settings.issuer, err: { message: state.lastError, code: (error as { code?: string }).code }, retryInMs: state.nextDelay }, 'OpenID Connect provider unreachable: retrying in the background');
        this.scheduleRetry(state);
        return false;
      } finally {
        state.loading = undefined;
      }
    })();
    return state.loading;
  }

  private scheduleRetry(state: ProviderState): void {
    if (this.stopped || state.timer) return;
    const delay = state.nextDelay;
    state.nextDelay = Math.min(delay * 2, MAX_RETRY_MS);
    state.timer = setTimeout(() => {
      state.timer = undefined;
      if (!this.stopped && !state.configuration) void this.load(state);
    }, delay);
    state.timer.unref();
  }

  private async configure(state: ProviderState): Promise<oidc.Configuration> {
    const s = state.settings;
    const metadata: Partial<oidc.ClientMetadata> = { client_id: s.clientId, [oidc.clockTolerance]: Math.ceil(this.config.clockTolerance / 1000) };
    if (s.clientSecret) metadata.client_secret = s.clientSecret;
    // Configured algorithms win over discovery's list (openid-client accepts a list here).
    if (s.idTokenAlgorithms) (metadata as Record<string, unknown>).id_token_signed_response_alg = s.idTokenAlgorithms;
    const auth = s.tokenEndpointAuth === 'none' ? oidc.None() : s.tokenEndpointAuth === 'client_secret_post' ? oidc.ClientSecretPost(s.clientSecret) : oidc.ClientSecretBasic(s.clientSecret);
    // The ID token's signature is checked in the strategy (verifySignature) with jose's key set, which
    // refetches the keys when a token names an unknown one; openid-client checks the claims.
    const execute = s.allowHttp ? [oidc.allowInsecureRequests] : [];
    const timeout = Math.max(1, Math.ceil(this.config.requestTimeout / 1000));
    let configuration: oidc.Configuration;
    if (!s.endpoints) {
      configuration = await oidc.discovery(new URL(s.issuer), s.clientId, metadata, auth, { execute, timeout, [oidc.customFetch]: this.fetch as oidc.CustomFetch });
    } else {
      configuration = new oidc.Configuration(
        {
          issuer: s.issuer,
          authorization_endpoint: s.endpoints.authorization,
          token_endpoint: s.endpoints.token,
          jwks_uri: s.endpoints.jwks,
          userinfo_endpoint: s.endpoints.userinfo,
          end_session_endpoint: s.endpoints.endSession,
          code_challenge_methods_supported: ['S256'],
          id_token_signing_alg_values_supported: s.idTokenAlgorithms ?? ['RS256'],
        },
        s.clientId,
        metadata,
        auth,
      );
      for (const step of execute) step(configuration);
      configuration.timeout = timeout;
    }
    configuration[oidc.customFetch] = this.fetch as oidc.CustomFetch;
    const server = configuration.serverMetadata();
    if (!server.jwks_uri) throw new Error('the provider publishes no jwks_uri: its ID tokens cannot be verified');
    state.algorithms = s.idTokenAlgorithms ?? server.id_token_signing_alg_values_supported?.filter((alg) => alg !== 'none' && !alg.startsWith('HS')) ?? ['RS256'];
    state.keys = new ProviderKeys(new URL(server.jwks_uri), this.fetch, this.config.requestTimeout, this.config.jwksRefetchInterval);
    return configuration;
  }

  /** Checks the ID token's signature against the provider's keys; an unknown key id refetches the keys once (at most once per jwksRefetchInterval). */
  private async verifySignature(state: ProviderState, idToken: string | undefined): Promise<void> {
    if (!idToken) throw new ProviderRefusal('invalid_token', 'the token response has no ID token');
    try {
      await state.keys!.verify(idToken, state.algorithms!);
    } catch (error) {
      const code = (error as { code?: string }).code;
      const alg = (() => {
        try {
          return jose.decodeProtectedHeader(idToken).alg;
        } catch {
          return undefined;
        }
      })();
      if (code === 'ERR_JWKS_NO_MATCHING_KEY') throw new ProviderRefusal('unknown_signing_key', 'no key of the provider\'s key set (refetched) matches the ID token\'s kid');
      if (code === 'ERR_JOSE_ALG_NOT_ALLOWED') throw new ProviderRefusal('unexpected_algorithm', `the ID token is signed with ${alg}, accepted: ${state.algorithms!.join(', ')} (set idTokenAlgorithms for this provider)`);
      if (code === 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED') throw new ProviderRefusal('bad_signature', 'the ID token\'s signature does not verify with the provider\'s key');
      if (code === 'ERR_JWKS_TIMEOUT' || error instanceof TypeError || (error as Error).name === 'TimeoutError') throw new ProviderRefusal('provider_unavailable', `the provider's keys could not be fetched: ${(error as Error).message}`);
      throw new ProviderRefusal('invalid_token', `the ID token could not be verified: ${code ?? ''} ${(error as Error).message}`);
    }
  }

  private strategyFor(id: string, configuration: oidc.Configuration): Strategy {
    const settings = this.states.get(id)!.settings;
    return new CheckedStrategy({ config: configuration, name: `oidc-${id}`, sessionKey: sessionKeyOf(id), scope: settings.scopes.join(' ') }, (tokens, verified) => {
      void (async () => {
        await this.verifySignature(this.states.get(id)!, tokens.id_token);
        let claims: Record<string, unknown> = { ...(tokens.claims() ?? {}) };
        // Many providers put profile claims at userinfo only (when an access token is issued).
        if (configuration.serverMetadata().userinfo_endpoint && tokens.access_token && typeof claims.sub === 'string') {
          const info = await oidc.fetchUserInfo(configuration, tokens.access_token, claims.sub);
          claims = { ...info, ...claims };
        }
        verified(null, { claims, idToken: tokens.id_token } satisfies VerifiedSignIn as unknown as Express.User);
      })().catch((error) => verified(error));
    });
  }

  /** Runs the provider's passport strategy: the redirect to the provider, or the callback's checks. */
  authenticate(id: string, req: Request, res: import('express').Response, callbackUrl: string): Promise<{ result?: VerifiedSignIn; failure?: { reason: RefusalReason; detail?: string }; redirected?: boolean }> {
    return new Promise((resolve) => {
      const done = (error: unknown, found: unknown, info: unknown) => {
        const user = found as VerifiedSignIn | false | undefined;
        if (error) return resolve({ failure: { reason: classifyFailure(error), detail: (error as Error).message } });
        if (!user) {
          const message = (info as { message?: string } | undefined)?.message ?? '';
          // openid-client's strategy fails this way when the session holds no pending request for this provider (used, or never started here).
          return resolve({ failure: { reason: message === 'Unable to verify authorization request state' ? 'state_replayed' : 'provider_error', detail: message } });
        }
        resolve({ result: user });
      };
      const options = { session: false, callbackURL: callbackUrl } as AuthenticateOptions;
      res.once('finish', () => resolve({ redirected: true }));
      this.authenticator.authenticate(`oidc-${id}`, options, done)(req, res, (error: unknown) => resolve({ failure: { reason: classifyFailure(error), detail: (error as Error)?.message } }));
    });
  }

  /** The provider's RP-initiated logout URL, when it has an end_session_endpoint. */
  endSessionUrl(id: string, idToken: string | undefined, postLogoutRedirectUri: string): string | undefined {
    const configuration = this.states.get(id)?.configuration;
    if (!configuration?.serverMetadata().end_session_endpoint) return undefined;
    const params: Record<string, string> = { post_logout_redirect_uri: postLogoutRedirectUri, client_id: configuration.clientMetadata().client_id };
    if (idToken) params.id_token_hint = idToken;
    return oidc.buildEndSessionUrl(configuration, params).href;
  }
}
