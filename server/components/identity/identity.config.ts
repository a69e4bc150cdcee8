// The `oidc` config section: single sign-on with any OpenID Connect provider (Keycloak, Entra ID,
// Okta, Google...). Several providers side by side, keyed by an id that appears in the callback URL
// (/auth/oidc/<id>/callback). The client secret is a secret: set it with
// OPSENIC_OIDC__PROVIDERS__<ID>__CLIENT_SECRET_FILE (the generic *_FILE loader).
import { z } from 'zod';
import { duration } from '../../platform/config/duration.js';

const url = (what: string) => z.url({ error: `${what} must be a full URL such as https://idp.example.com/...` });
const domain = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^(?=.{1,253}$)([a-z0-9-]+\.)+[a-z0-9-]+$/, 'an email domain such as example.com (no @, no wildcard)');

const claims = z
  .object({
    email: z.string().min(1).prefault('email').describe('Claim holding the email address.'),
    emailVerified: z.string().min(1).prefault('email_verified').describe('Claim telling whether the provider verified that email (true/false).'),
    givenName: z.string().min(1).prefault('given_name').describe('Claim holding the first name.'),
    familyName: z.string().min(1).prefault('family_name').describe('Claim holding the last name.'),
    groups: z.string().min(1).prefault('groups').describe('Claim holding the list of groups: stored with the identity link (shown to admins on /admin) and mapped by oidc.groupMappings to roles and node memberships at each sign-in.'),
  })
  .strict()
  .prefault({});

const endpoints = z
  .object({
    authorization: url('endpoints.authorization').optional(),
    token: url('endpoints.token').optional(),
    jwks: url('endpoints.jwks').optional(),
    userinfo: url('endpoints.userinfo').optional(),
    endSession: url('endpoints.endSession').optional(),
  })
  .strict();

export const oidcProviderConfig = z
  .object({
    displayName: z.string().trim().min(1).max(60).describe('Text of the provider\'s button on /signin and /signup, e.g. "Acme Keycloak".'),
    issuer: url('issuer').describe('The issuer identifier; its /.well-known/openid-configuration is fetched unless endpoints are given.'),
    endpoints: endpoints.optional().describe('Explicit endpoints instead of discovery: authorization, token and jwks are required; userinfo and endSession optional.'),
    clientId: z.string().min(1).describe('The client id registered at the provider.'),
    clientSecret: z.string().min(1).optional().describe('The client secret (secret: use *_FILE). Absent: a public client (PKCE only).'),
    tokenEndpointAuth: z.enum(['client_secret_basic', 'client_secret_post', 'none']).prefault('client_secret_basic').describe('How the client authenticates at the token endpoint.'),
    scopes: z.array(z.string().regex(/^[\x21\x23-\x5B\x5D-\x7E]+$/, 'a scope is one word')).prefault(['openid', 'email', 'profile']).refine((s) => s.includes('openid'), 'the scopes must include openid').describe('Scopes asked for; openid is required.'),
    claims,
    newAccounts: z.enum(['signup', 'auto', 'refuse']).prefault('signup').describe('First sign-in of someone unknown: signup = the sign-up form prefilled from the provider (the person confirms; in invite-only mode an invitation for that email is needed), auto = explicit opt-in: the account is created at once, even in invite-only mode (only with a verified email), refuse = only existing accounts may sign in.'),
    allowedDomains: z.array(domain).prefault([]).describe('Only verified emails of these domains may sign up or be created through this provider (empty: any). An unverified email is never checked against this list: it must be proven by a link first.'),
    linkVerifiedEmail: z.boolean().prefault(false).describe('Link a first sign-in to the existing account with the same email when the email is verified (email_verified true, or trustEmail); otherwise the person proves the account with its password once.'),
    trustEmail: z.boolean().prefault(false).describe('Treat every email this provider sends as verified, even without email_verified (right for an Entra ID tenant whose domains are all managed/verified; wrong for a provider where users type their own email). Off: an email counts only when email_verified is true.'),
    idTokenAlgorithms: z
      .array(z.enum(['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA', 'Ed25519']))
      .min(1)
      .optional()
      .describe('Algorithms accepted for ID token signatures, e.g. [ES256]. Absent: the provider\'s discovery document (id_token_signing_alg_values_supported), or RS256 with explicit endpoints.'),
    allowHttp: z.boolean().prefault(false).describe('Allow a plain-HTTP issuer (local development and tests only; never in production).'),
  })
  .strict()
  .refine((p) => !p.endpoints || (p.endpoints.authorization && p.endpoints.token && p.endpoints.jwks), { message: 'explicit endpoints need authorization, token and jwks', path: ['endpoints'] })
  .refine((p) => p.tokenEndpointAuth === 'none' || p.clientSecret, { message: 'a client secret is required unless tokenEndpointAuth is none (set OPSENIC_OIDC__PROVIDERS__<ID>__CLIENT_SECRET_FILE)', path: ['clientSecret'] });

export type OidcProviderConfig = z.output<typeof oidcProviderConfig>;

export const oidcConfig = z
  .object({
    providers: z
      .record(z.string(), oidcProviderConfig)
      .superRefine((providers, ctx) => {
        for (const id of Object.keys(providers)) {
          if (!/^[a-z][a-zA-Z0-9]{0,31}$/.test(id)) ctx.addIssue({ code: 'custom', path: [id], message: 'a provider id is a lowercase letter followed by letters or digits (at most 32), e.g. keycloak or entra' });
        }
      })
      .prefault({})
      .describe('Providers by id (used in /auth/oidc/<id>/callback, the redirect URI to register). Each: displayName, issuer, clientId, clientSecret (secret), optional endpoints {authorization, token, jwks, userinfo, endSession} instead of discovery, scopes, claims {email, emailVerified, givenName, familyName, groups}, newAccounts (signup|auto|refuse), allowedDomains, linkVerifiedEmail, trustEmail, tokenEndpointAuth, idTokenAlgorithms, allowHttp.'),
    ssoOnly: z.boolean().prefault(false).describe('Turn password sign-in off for everyone except the break-glass admins below (needs at least one provider).'),
    breakGlassAdmins: z.array(z.string().trim().toLowerCase().email('an email address')).prefault([]).describe('Emails of admins who may still sign in with a password in ssoOnly mode (when the provider is down).'),
    discoveryRetry: duration.prefault('30s').describe('First wait before retrying a provider whose discovery document could not be fetched; doubles up to 10 minutes. Start never waits for a provider.'),
    requestTimeout: duration.prefault('10s').describe('Timeout of each request to a provider (discovery, token, keys).'),
    jwksRefetchInterval: duration.prefault('10s').describe('When an ID token names a signing key the cached key set lacks (a key rotation), the key set is fetched again at once; such refetches happen at most once per this interval (so forged key ids cannot flood the provider).'),
    groupMappings: z
      .array(
        z
          .object({
            group: z.string().trim().min(1).max(255).describe('A group name as the provider sends it in the groups claim (or a SCIM group\'s displayName).'),
            role: z.enum(['admin', 'privacy']).optional().describe('The role members of this group get.'),
            nodes: z.array(z.string().trim().min(1)).prefault([]).describe('Org nodes (id or exact name) members of this group belong to.'),
          })
          .strict()
          .refine((m) => m.role || m.nodes.length, { message: 'a group mapping needs a role or nodes' }),
      )
      .prefault([])
      .describe('Groups mapped to roles and org node memberships, applied at each single sign-on (from the groups claim) and at each SCIM group membership change. What a mapping granted is taken back when the person leaves the group; a role an admin gave by hand is kept.'),
    clockTolerance: duration.prefault('30s').describe('Allowed clock difference with the provider when checking token times.'),
  })
  .strict()
  .refine((o) => !o.ssoOnly || Object.keys(o.providers).length > 0, { message: 'ssoOnly needs at least one provider in oidc.providers', path: ['ssoOnly'] })
  .prefault({})
  .describe('Single sign-on with OpenID Connect providers (code flow with PKCE, state and nonce; ID tokens verified against the provider\'s keys).');

export type OidcConfig = z.output<typeof oidcConfig>;
