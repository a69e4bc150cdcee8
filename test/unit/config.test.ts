import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { loadConfig, redactConfig, ConfigError } from '../../server/config.js';
import { renderDefaultYaml, renderExampleYaml } from '../../server/config.js';
import { tempDir } from '../support/databases.js';

const secret = 'a-secret-key-that-is-long-enough-0123456789';
const base = () => ({ OPSENIC_DATA_DIR: tempDir(), OPSENIC_SECRET_KEY: secret });

function problemsOf(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    assert.ok(error instanceof ConfigError, `expected a ConfigError, got ${error}`);
    return error.message;
  }
  assert.fail('expected the configuration to be refused');
}

describe('configuration', () => {
  it('when nothing is configured, then the defaults start a working server on SQLite at port 3000', () => {
    const config = loadConfig({ env: base() });
    assert.equal(config.server.port, 3000);
    assert.equal(config.database.url, 'sqlite:./data/opsenic.sqlite');
    assert.equal(config.sessions.rememberFor, 30 * 86_400_000);
  });

  it('when a YAML file, env vars and _FILE secrets are all given, then env wins over the file and _FILE is read', () => {
    const dir = tempDir();
    const file = path.join(dir, 'config.yaml');
    fs.writeFileSync(file, 'server:\n  port: 4000\n  host: 0.0.0.0\nsessions:\n  rememberFor: 7d\n');
    fs.writeFileSync(path.join(dir, 'db-url'), 'postgres://u:p@db:5432/opsenic\n');
    const config = loadConfig({ env: { ...base(), OPSENIC_CONFIG: file, OPSENIC_PORT: '5000', OPSENIC_DATABASE_URL_FILE: path.join(dir, 'db-url'), OPSENIC_SESSIONS__IDLE_TIMEOUT: '2h', OPSENIC_METRICS__ENABLED: 'false' } });
    assert.equal(config.server.port, 5000);
    assert.equal(config.server.host, '0.0.0.0');
    assert.equal(config.sessions.rememberFor, 7 * 86_400_000);
    assert.equal(config.sessions.idleTimeout, 2 * 3_600_000);
    assert.equal(config.database.url, 'postgres://u:p@db:5432/opsenic');
    assert.equal(config.metrics.enabled, false);
  });

  it('when a value is bad, then the error names the key, its source and the fix', () => {
    const message = problemsOf(() => loadConfig({ env: { ...base(), OPSENIC_PORT: 'eighty' } }));
    assert.match(message, /server\.port = "eighty" \(from OPSENIC_PORT\)/);
    const db = problemsOf(() => loadConfig({ env: { ...base(), OPSENIC_DATABASE_URL: 'mysql://x' } }));
    assert.match(db, /database\.url = <redacted> \(from OPSENIC_DATABASE_URL\): use "sqlite:/);
    const duration = problemsOf(() => loadConfig({ env: { ...base(), OPSENIC_SESSIONS__REMEMBER_FOR: 'a month' } }));
    assert.match(duration, /sessions\.rememberFor.*use a number followed by ms, s, m, h or d/);
  });

  it('when an unknown key is set, then it is named as unknown', () => {
    const message = problemsOf(() => loadConfig({ env: { ...base(), OPSENIC_SERVER__PROT: '1' } }));
    assert.match(message, /server\.prot \(from OPSENIC_SERVER__PROT\) is not a known key/);
  });

  it('when a _FILE secret cannot be read, then the variable and the fix are named', () => {
    const message = problemsOf(() => loadConfig({ env: { ...base(), OPSENIC_SECRET_KEY_FILE: '/nonexistent/key' } }));
    assert.match(message, /OPSENIC_SECRET_KEY_FILE names \/nonexistent\/key/);
  });

  it('when production mode has no secret key or the example one, then it refuses to start', () => {
    const dataDir = tempDir();
    assert.match(problemsOf(() => loadConfig({ env: { OPSENIC_DATA_DIR: dataDir, OPSENIC_ENV: 'production' } })), /secretKey is missing/);
    assert.match(problemsOf(() => loadConfig({ env: { OPSENIC_DATA_DIR: dataDir, OPSENIC_ENV: 'production', OPSENIC_SECRET_KEY: 'change-me-to-a-long-random-string-of-32-chars-or-more' } })), /example value/);
  });

  it('when development mode has no secret key, then one is generated, stored under dataDir, reused and announced', () => {
    const dataDir = tempDir();
    const notices: string[] = [];
    const first = loadConfig({ env: { OPSENIC_DATA_DIR: dataDir }, notice: (m) => notices.push(m) });
    const second = loadConfig({ env: { OPSENIC_DATA_DIR: dataDir } });
    assert.equal(first.secretKey, second.secretKey);
    assert.ok(first.secretKey.length >= 32);
    assert.ok(fs.existsSync(path.join(dataDir, 'secret-key')));
    assert.match(notices.join(), /generated one/);
  });

  it('when the config is printed, then secrets are redacted and the rest is shown', () => {
    const config = loadConfig({ env: { ...base(), OPSENIC_DATABASE_URL: 'postgres://opsenic:hunter2hunter2@db/opsenic' } });
    const shown = JSON.stringify(redactConfig(config));
    assert.doesNotMatch(shown, /hunter2/);
    assert.doesNotMatch(shown, new RegExp(secret));
    assert.match(shown, /postgres:\/\/opsenic:<redacted>@db\/opsenic/);
  });

  it('when the schema changes, then config/default.yaml and config/example.yaml must be regenerated (npm run config:docs)', () => {
    assert.equal(fs.readFileSync('config/default.yaml', 'utf8'), renderDefaultYaml(), 'config/default.yaml is stale: run npm run config:docs');
    assert.equal(fs.readFileSync('config/example.yaml', 'utf8'), renderExampleYaml(), 'config/example.yaml is stale: run npm run config:docs');
  });

  it('when the example file is used as the config, then it is valid', () => {
    const dir = tempDir();
    const example = fs.readFileSync('config/example.yaml', 'utf8').replace('# secretKey: ', 'secretKey: ');
    fs.writeFileSync(path.join(dir, 'c.yaml'), example);
    const config = loadConfig({ env: { OPSENIC_CONFIG: path.join(dir, 'c.yaml'), OPSENIC_DATA_DIR: dir } });
    assert.equal(config.server.port, 3000);
  });
});
