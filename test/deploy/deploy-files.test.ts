// The compose files and the systemd unit: every OPSENIC_* setting they use is a config key the
// server accepts (read through the server's own loader), the sandboxing is in place, and systemd
// itself accepts the unit.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import YAML from 'yaml';
import { loadConfig } from '../../server/config.js';
import { repoRoot } from './support/helm.js';
import { tempDir } from '../support/databases.js';

const deploy = (file: string) => path.join(repoRoot, 'deploy', file);

/** Env as the process would see it, each *_FILE pointing at a file holding a plausible secret. */
function withSecretFiles(env: Record<string, string>): Record<string, string> {
  const dir = tempDir('opsenic-deploy-');
  const samples: Record<string, string> = {
    OPSENIC_SECRET_KEY_FILE: 'a-deployment-test-secret-key-of-32-chars-or-more',
    OPSENIC_DATABASE_URL_FILE: 'postgres://opsenic:secret@postgres:5432/opsenic?sslmode=disable',
    OPSENIC_MAIL__SMTP_URL_FILE: 'smtp://opsenic:secret@smtp.example.com:587',
  };
  return Object.fromEntries(
    Object.entries(env).map(([name, value]) => {
      if (!name.endsWith('_FILE')) return [name, value];
      const file = path.join(dir, name);
      fs.writeFileSync(file, samples[name] ?? 'secret');
      return [name, file];
    }),
  );
}

describe('deployment files', () => {
  for (const file of ['compose.yaml', 'compose.sqlite.yaml']) {
    it(`when ${file} is read, then the Opsenic services use only config keys the server accepts, with healthchecks, a read-only root and volumes`, () => {
      // Compose's interpolation with nothing set: ${VAR:-default} becomes its default.
      const text = fs.readFileSync(deploy(file), 'utf8').replace(/\$\{[A-Z_]+:-([^}]*)\}/g, '$1');
      const compose = YAML.parse(text, { merge: true });
      const opsenic = Object.entries<any>(compose.services).filter(([, s]) => /opsenic-server/.test(s.image)); // eslint-disable-line @typescript-eslint/no-explicit-any
      assert.ok(opsenic.length >= 1);
      for (const [name, service] of opsenic) {
        assert.equal(service.read_only, true, `${name}: read-only root`);
        assert.deepEqual(service.tmpfs, ['/tmp'], `${name}: writable /tmp`);
        const env = withSecretFiles({ OPSENIC_CONFIG: deploy('container.yaml'), ...service.environment });
        const config = loadConfig({ env });
        assert.equal(config.env, 'production');
        assert.equal(config.secretKey, 'a-deployment-test-secret-key-of-32-chars-or-more');
        if (service.command?.[0] === 'serve') {
          assert.ok(service.healthcheck?.test?.join(' ').includes('/readyz'), `${name}: healthcheck on /readyz`);
          assert.ok(service.volumes?.some((v: string) => v.endsWith(':/data')), `${name}: data volume`);
        }
      }
      if (file === 'compose.yaml') {
        assert.match(compose.services.postgres.image, /^postgres:15/);
        assert.ok(compose.services.postgres.healthcheck);
        assert.equal(loadConfig({ env: withSecretFiles({ OPSENIC_CONFIG: deploy('container.yaml'), ...compose.services.opsenic.environment }) }).database.url.startsWith('postgres://'), true);
        assert.equal(compose.services.opsenic.depends_on.migrate.condition, 'service_completed_successfully');
      }
    });
  }

  it('when the systemd env file is read, then each setting (and each commented alternative) is a config key the server accepts', () => {
    const lines = fs.readFileSync(deploy('systemd/opsenic.env'), 'utf8').split('\n');
    const parse = (line: string) => {
      const m = /^#?(OPSENIC_[A-Z0-9_]+)=(.*)$/.exec(line.trim());
      return m ? ([m[1]!, m[2]!.replace(/^"(.*)"$/, '$1')] as const) : undefined;
    };
    const active = Object.fromEntries(lines.filter((l) => !l.startsWith('#')).map(parse).filter((x) => !!x));
    const config = loadConfig({ env: withSecretFiles(active) });
    assert.equal(config.env, 'production');
    assert.equal(config.server.host, '127.0.0.1');
    assert.equal(config.dataDir, '/var/lib/opsenic');
    for (const alternative of lines.filter((l) => l.startsWith('#OPSENIC_')).map(parse)) {
      const [name, value] = alternative!;
      const env = { ...active, [name]: value };
      if (name === 'OPSENIC_DATABASE_URL_FILE') delete (env as Record<string, string>).OPSENIC_DATABASE_URL;
      if (name === 'OPSENIC_CONFIG') continue; // names the operator's own file
      assert.doesNotThrow(() => loadConfig({ env: withSecretFiles(env) }), `${name} is not accepted`);
    }
  });

  it('when the systemd unit is read, then it runs as a dedicated user in a sandbox that only writes the data directory', () => {
    const unit = fs.readFileSync(deploy('systemd/opsenic.service'), 'utf8');
    for (const directive of ['User=opsenic', 'ProtectSystem=strict', 'ReadWritePaths=/var/lib/opsenic', 'NoNewPrivileges=yes', 'PrivateTmp=yes', 'EnvironmentFile=/etc/opsenic/opsenic.env', 'StateDirectory=opsenic', 'CapabilityBoundingSet=']) {
      assert.ok(unit.split('\n').includes(directive), `missing ${directive}`);
    }
    assert.match(unit, /^ExecStart=\/usr\/bin\/node \/opt\/opsenic\/cli\/opsenic\.mjs serve$/m);
  });

  it('when systemd checks the unit, then it is valid and its exposure level is low', function () {
    if (spawnSync('systemd-analyze', ['--version']).status !== 0) this.skip(); // systemd is not on this machine
    const verify = spawnSync('systemd-analyze', ['verify', deploy('systemd/opsenic.service')], { encoding: 'utf8' });
    assert.equal(verify.status, 0, verify.stderr);
    const security = spawnSync('systemd-analyze', ['security', '--offline=yes', '--threshold=30', deploy('systemd/opsenic.service')], { encoding: 'utf8' });
    assert.equal(security.status, 0, `exposure above 3.0:\n${security.stdout.split('\n').slice(-3).join('\n')}`);
  });
});
