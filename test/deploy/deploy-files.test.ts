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
import { skipOrFailInCi } from './support/skip.js';

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
      assert.match(fs.readFileSync(deploy(file), 'utf8'), /^# .*Needs Docker Compose v2[\s#]*\(`docker compose`,[\s#]*2\.20 or newer/m, 'says it needs Compose v2 (top-level name:)');
      assert.ok(compose.name, 'a project name');
      for (const [name, service] of Object.entries<any>(compose.services)) { // eslint-disable-line @typescript-eslint/no-explicit-any
        assert.deepEqual(service.cap_drop, ['ALL'], `${name}: every capability dropped`);
        assert.deepEqual(service.security_opt, ['no-new-privileges:true'], `${name}: no-new-privileges`);
        const limits = service.deploy?.resources?.limits ?? {};
        assert.ok(Number(limits.cpus) > 0 && /^\d+[mg]$/.test(limits.memory) && limits.pids > 0, `${name}: CPU, memory and process limits`);
        for (const cap of service.cap_add ?? []) assert.ok(['CHOWN', 'DAC_OVERRIDE', 'FOWNER', 'SETGID', 'SETUID'].includes(cap), `${name}: adds ${cap}`);
      }
      for (const [name, service] of opsenic) {
        assert.equal(service.read_only, true, `${name}: read-only root`);
        assert.equal(service.cap_add, undefined, `${name}: the server needs no capability`);
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
        assert.match(compose.services.postgres.image, /^postgres:17-trixie$/, 'the server the image\'s pg_dump 17 can back up');
        assert.ok(compose.services.postgres.healthcheck);
        assert.equal(loadConfig({ env: withSecretFiles({ OPSENIC_CONFIG: deploy('container.yaml'), ...compose.services.opsenic.environment }) }).database.url.startsWith('postgres://'), true);
        assert.equal(compose.services.opsenic.depends_on.migrate.condition, 'service_completed_successfully');
      }
    });
  }

  it('when the build context is filtered, then deploy/secrets/ (the compose secrets) never reaches the image', () => {
    for (const file of ['.dockerignore', 'deploy/Dockerfile.dockerignore']) {
      const patterns = fs.readFileSync(path.join(repoRoot, file), 'utf8').split('\n').map((l) => l.trim());
      assert.ok(patterns.includes('deploy/secrets/'), `${file} does not exclude deploy/secrets/`);
    }
    assert.ok(fs.readFileSync(path.join(repoRoot, '.gitignore'), 'utf8').split('\n').includes('deploy/secrets/'), 'and git never commits them');
  });

  it('when the systemd env file is read, then each setting (and each commented alternative) is a config key the server accepts', () => {
    // The unit's own Environment= lines (secrets from LoadCredential=, %d is the credentials directory).
    const credentials = tempDir('opsenic-credentials-');
    fs.writeFileSync(path.join(credentials, 'secret_key'), 'a-deployment-test-secret-key-of-32-chars-or-more');
    const unitEnv = Object.fromEntries(
      fs.readFileSync(deploy('systemd/opsenic.service'), 'utf8').split('\n')
        .map((l) => /^Environment=(OPSENIC_[A-Z0-9_]+)=(.*)$/.exec(l))
        .filter((m) => !!m)
        .map((m) => [m[1]!, m[2]!.replace('%d', credentials)]),
    );
    const lines = fs.readFileSync(deploy('systemd/opsenic.env'), 'utf8').split('\n');
    assert.ok(!lines.some((l) => /^#?OPSENIC_[A-Z_]*_FILE=/.test(l)), 'no secret file in the env file: secrets are credentials');
    const parse = (line: string) => {
      const m = /^#?(OPSENIC_[A-Z0-9_]+)=(.*)$/.exec(line.trim());
      return m ? ([m[1]!, m[2]!.replace(/^"(.*)"$/, '$1')] as const) : undefined;
    };
    const active = Object.fromEntries(lines.filter((l) => !l.startsWith('#')).map(parse).filter((x) => !!x));
    const config = loadConfig({ env: { ...active, ...unitEnv } });
    assert.equal(config.env, 'production');
    assert.equal(config.server.host, '127.0.0.1');
    assert.equal(config.dataDir, '/var/lib/opsenic');
    for (const alternative of lines.filter((l) => l.startsWith('#OPSENIC_')).map(parse)) {
      const [name, value] = alternative!;
      const env = { ...active, [name]: value };
      if (name === 'OPSENIC_DATABASE_URL_FILE') delete (env as Record<string, string>).OPSENIC_DATABASE_URL;
      if (name === 'OPSENIC_CONFIG') continue; // names the operator's own file
      assert.doesNotThrow(() => loadConfig({ env: { ...env, ...unitEnv } }), `${name} is not accepted`);
    }
  });

  it('when the systemd unit is read, then it runs as a dedicated user in a sandbox that only writes the data directory', () => {
    const unit = fs.readFileSync(deploy('systemd/opsenic.service'), 'utf8');
    for (const directive of ['User=opsenic', 'ProtectSystem=strict', 'ReadWritePaths=/var/lib/opsenic', 'NoNewPrivileges=yes', 'PrivateTmp=yes', 'EnvironmentFile=/etc/opsenic/opsenic.env', 'StateDirectory=opsenic', 'CapabilityBoundingSet=', 'PrivateUsers=yes', 'ProcSubset=pid', 'MemoryMax=1G', 'TasksMax=256', 'LoadCredential=secret_key:/etc/opsenic/secret_key', 'Environment=OPSENIC_SECRET_KEY_FILE=%d/secret_key']) {
      assert.ok(unit.split('\n').includes(directive), `missing ${directive}`);
    }
    // The optional credentials documented in the unit match what the admin wrapper loads.
    const wrapper = fs.readFileSync(deploy('systemd/opsenic'), 'utf8');
    for (const [, name, variable] of unit.matchAll(/^#LoadCredential=(\w+):\/etc\/opsenic\/\w+\n#Environment=(OPSENIC_\w+)=%d\/\w+$/gm)) {
      assert.ok(wrapper.includes(`LoadCredential=${name}:/etc/opsenic/${name} -E ${variable}="$creds/${name}"`), `the wrapper does not load ${name}`);
    }
    assert.ok(wrapper.includes('-p LoadCredential=secret_key:/etc/opsenic/secret_key -E OPSENIC_SECRET_KEY_FILE="$creds/secret_key"'));
    assert.equal(spawnSync('sh', ['-n', deploy('systemd/opsenic')]).status, 0, 'the wrapper is valid sh');
    assert.match(unit, /^ExecStart=\/usr\/bin\/node \/opt\/opsenic\/cli\/opsenic\.mjs serve$/m);
  });

  it('when systemd checks the unit, then it is valid and its exposure level is at most 1.7', function () {
    if (spawnSync('systemd-analyze', ['--version']).status !== 0) skipOrFailInCi(this, 'systemd-analyze is not on this machine');
    const verify = spawnSync('systemd-analyze', ['verify', deploy('systemd/opsenic.service')], { encoding: 'utf8' });
    assert.equal(verify.status, 0, verify.stderr);
    const security = spawnSync('systemd-analyze', ['security', '--offline=yes', deploy('systemd/opsenic.service')], { encoding: 'utf8' });
    const level = Number(/Overall exposure level for opsenic\.service: ([\d.]+)/.exec(security.stdout)?.[1]);
    assert.ok(level <= 1.7, `exposure ${level} is above 1.7:\n${security.stdout.split('\n').slice(-3).join('\n')}`);
  });
});
