// The `oidc` config section: providers from a YAML file with the client secret from a *_FILE
// variable, secrets redacted wherever the config is shown, and refusals that name the key.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { ConfigError, loadConfig, redactConfig } from '../../server/config.js';
import { tempDir } from '../support/databases.js';

const base = () => ({ OPSENIC_DATA_DIR: tempDir(), OPSENIC_SECRET_KEY: 'a-secret-key-that-is-long-enough-0123456789' });

function refused(env: Record<string, string>): string {
  try {
    loadConfig({ env });
  } catch (error) {
    assert.ok(error instanceof ConfigError);
    return error.message;
  }
  assert.fail('expected the configuration to be refused');
}

describe('single sign-on configuration', () => {
  it('when providers come from YAML and a client secret from OPSENIC_OIDC__PROVIDERS__<ID>__CLIENT_SECRET_FILE, then both providers load and the secret is redacted', () => {
    const dir = tempDir();
    const file = path.join(dir, 'config.yaml');
    fs.writeFileSync(
      file,
      [
        'oidc:',
        '  providers:',
        '    keycloak:',
        '      displayName: Acme Keycloak',
        '      issuer: https://sso.acme.example/realms/staff',
        '      clientId: opsenic',
        '    entra:',
        '      displayName: Microsoft',
        '      issuer: https://login.microsoftonline.com/tenant/v2.0',
        '      clientId: 00000000-1111',
        '      clientSecret: from-yaml-secret',
        '      newAccounts: auto',
        '      allowedDomains: [Acme.Example]',
        '      claims: { email: preferred_username }',
      ].join('\n'),
    );
    fs.writeFileSync(path.join(dir, 'kc-secret'), 'from-file-secret\n');
    const config = loadConfig({ env: { ...base(), OPSENIC_CONFIG: file, OPSENIC_OIDC__PROVIDERS__KEYCLOAK__CLIENT_SECRET_FILE: path.join(dir, 'kc-secret') } });
    assert.equal(config.oidc.providers.keycloak!.clientSecret, 'from-file-secret');
    assert.deepEqual(config.oidc.providers.keycloak!.scopes, ['openid', 'email', 'profile']);
    assert.equal(config.oidc.providers.keycloak!.newAccounts, 'signup');
    assert.deepEqual(config.oidc.providers.entra!.allowedDomains, ['acme.example']);
    assert.equal(config.oidc.providers.entra!.claims.email, 'preferred_username');
    assert.equal(config.oidc.providers.entra!.claims.givenName, 'given_name');
    const shown = JSON.stringify(redactConfig(config));
    assert.ok(!shown.includes('from-file-secret') && !shown.includes('from-yaml-secret'));
    assert.match(shown, /"clientSecret":"<redacted>"/);
  });

  it('when a provider is incomplete or SSO-only has no provider, then the error names the key and the fix', () => {
    const noSecret = refused({ ...base(), OPSENIC_OIDC__PROVIDERS: JSON.stringify({ kc: { displayName: 'KC', issuer: 'https://kc.example', clientId: 'x' } }) });
    assert.match(noSecret, /oidc\.providers\.kc\.clientSecret.*CLIENT_SECRET_FILE/);
    const endpoints = refused({ ...base(), OPSENIC_OIDC__PROVIDERS: JSON.stringify({ kc: { displayName: 'KC', issuer: 'https://kc.example', clientId: 'x', tokenEndpointAuth: 'none', endpoints: { authorization: 'https://kc.example/auth' } } }) });
    assert.match(endpoints, /oidc\.providers\.kc\.endpoints.*authorization, token and jwks/);
    const badId = refused({ ...base(), OPSENIC_OIDC__PROVIDERS: JSON.stringify({ 'Bad Id': { displayName: 'KC', issuer: 'https://kc.example', clientId: 'x', clientSecret: 'leaky-secret-value' } }) });
    assert.match(badId, /oidc\.providers\.Bad Id = <redacted>.*provider id is a lowercase letter/);
    assert.ok(!badId.includes('leaky-secret-value'), 'a refused provider never shows its secret');
    const ssoOnly = refused({ ...base(), OPSENIC_OIDC__SSO_ONLY: 'true' });
    assert.match(ssoOnly, /oidc\.ssoOnly.*needs at least one provider/);
    const scopes = refused({ ...base(), OPSENIC_OIDC__PROVIDERS: JSON.stringify({ kc: { displayName: 'KC', issuer: 'https://kc.example', clientId: 'x', tokenEndpointAuth: 'none', scopes: ['email'] } }) });
    assert.match(scopes, /must include openid/);
  });
});
