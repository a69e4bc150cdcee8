// Boot from the rendered chart: the real server and the real Jobs run with exactly the config,
// env and secret files the chart gives their pods (see support/pod-runner.ts), on real SQLite and
// PostgreSQL databases. The chart and the server therefore cannot disagree silently.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import { chartDir, ciValuesFiles, find, isHook, one, podSpecOf, render, repoRoot, type K8sObject } from './support/helm.js';
import { LocalCluster, freePort, waitFor } from './support/pod-runner.js';
import { createPostgresDatabase, postgresAvailable, type TestDatabase } from '../support/databases.js';
import { skipOrFailInCi } from './support/skip.js';

const ci = (name: string) => path.join(chartDir, 'ci', name);

/** The Secrets an operator creates before installing the ci values that name them. */
const operatorSecrets = (databaseUrl = 'postgres://opsenic:secret@db.example.internal:5432/opsenic?sslmode=require') => ({
  'opsenic-database': { password: 'p@ss:w/rd #1?', url: databaseUrl },
  'opsenic-secret-key': { key: 'an-operator-secret-key-of-at-least-32-characters', 'secret-key': 'another-operator-secret-key-of-32-characters-or-more' },
  'opsenic-smtp': { password: 'smtp:pass@word' },
  'opsenic-oidc': { 'client-secret': 'acme-client-secret' },
});

const serverOf = (objects: K8sObject[]) => one(objects, 'Deployment');
const hookJob = (objects: K8sObject[]) => one(objects, 'Job', isHook);
const cronJobs = (objects: K8sObject[]) => find(objects, 'CronJob');

/** What a test must change to run a pod on a shared machine: loopback only, free ports. */
async function localListen(): Promise<{ overrides: Record<string, string>; url: string; metricsUrl: string }> {
  const port = await freePort();
  const metricsPort = await freePort();
  return {
    overrides: { OPSENIC_HOST: '127.0.0.1', OPSENIC_PORT: String(port), OPSENIC_METRICS__PORT: String(metricsPort) },
    url: `http://127.0.0.1:${port}`,
    metricsUrl: `http://127.0.0.1:${metricsPort}/metrics`,
  };
}

async function stop(server: ReturnType<LocalCluster['start']>): Promise<number | null> {
  if (server.exitCode !== null) return server.exitCode;
  const exited = new Promise<number | null>((resolve) => server.once('exit', (code) => resolve(code)));
  server.kill('SIGTERM');
  return exited;
}

/** Runs each CronJob's command against the release's database. */
async function runCronJobs(cluster: LocalCluster, objects: K8sObject[]) {
  assert.ok(cronJobs(objects).length > 0, 'no CronJob rendered');
  for (const cron of cronJobs(objects)) {
    const command = cron.metadata.name.endsWith('-retention') ? 'retention' : 'backup';
    const result = await cluster.runPod(podSpecOf(cron));
    assert.equal(result.code, 0, `CronJob ${cron.metadata.name} failed:\n${result.stdout}\n${result.stderr}`);
    if (command === 'retention') JSON.parse(result.stdout); // --json: a report scripts can read
    else assert.match(result.stdout, /backup written to \S+\/opsenic-\d{8}T\d{6}Z\.backup/);
  }
}

describe('helm chart: boot from the rendered config', function () {
  this.timeout(240_000);

  describe('every rendered ConfigMap passes the server\'s own schema', () => {
    for (const file of ciValuesFiles()) {
      it(`when \`opsenic config check\` runs in the server pod of ${path.basename(file)}, then the config is valid`, async function () {
        const objects = await render({ valuesFiles: [file] });
        const config = one(objects, 'ConfigMap', (o) => !isHook(o)).data['config.yaml'] as string;
        const cluster = new LocalCluster(objects, operatorSecrets(), { 'internal-ca': { 'ca.crt': '' } });
        try {
          const spec = structuredClone(podSpecOf(serverOf(objects)));
          spec.containers[0].args = ['config', 'check', '--json'];
          const result = await cluster.runPod(spec);
          assert.equal(result.code, 0, `config check failed:\n${result.stderr}`);
          const effective = JSON.parse(result.stdout);
          assert.equal(effective.env, 'production');
          assert.equal(effective.secretKey, '<redacted>');
          assert.equal(effective.server.port, 3000);
          if (objects.some((o) => o.kind === 'Deployment' && /sqlite/.test(config))) assert.match(effective.database.url, /^sqlite:.*opsenic\.sqlite$/);
          else assert.match(effective.database.url, /^postgres:\/\/[^:]+:<redacted>@/);
          // OpenID Connect client secrets from secretConfig reach the server's own keys.
          const providers = Object.values<{ clientSecret?: string }>(effective.oidc?.providers ?? {});
          assert.equal(providers.length, (YAML.parse(config).oidc?.providers ? Object.keys(YAML.parse(config).oidc.providers).length : 0));
          for (const provider of providers) assert.equal(provider.clientSecret, '<redacted>');
        } finally {
          cluster.dispose();
        }
      });
    }
  });

  it('when the sqlite values are rendered, then the server starts from that config, answers /readyz 200 and the first admin can be created as NOTES says', async () => {
    const objects = await render({ valuesFiles: [ci('sqlite-values.yaml')] });
    const cluster = new LocalCluster(objects);
    const listen = await localListen();
    const { containers } = cluster.pod(podSpecOf(serverOf(objects)), listen.overrides);
    const server = cluster.start(containers[0]!);
    try {
      const ready = await waitFor(`${listen.url}/readyz`, 200).catch((error) => assert.fail(`${error.message}\n${server.output()}`));
      assert.match(ready.body, /ready/);
      assert.equal((await fetch(listen.metricsUrl)).status, 200, 'metrics on their own port');
      assert.equal((await fetch(`${listen.url}/metrics`)).status, 404, 'metrics not on the public port');
      const exec = cluster.pod(podSpecOf(serverOf(objects)), listen.overrides).containers[0]!;
      exec.argv = ['opsenic', 'users', 'create', '--admin', '--email', 'ada@example.com', '--first-name', 'Ada', '--last-name', 'Lovelace', '--password-stdin', '--json'];
      const created = await cluster.run(exec, 'a long enough password for the first admin');
      assert.equal(created.code, 0, created.stderr);
      assert.equal(JSON.parse(created.stdout).role, 'admin');
      assert.equal(await stop(server), 0, `the server did not drain cleanly:\n${server.output()}`);
    } finally {
      server.kill('SIGKILL');
      cluster.dispose();
    }
  });

  it('when the CronJob values (sqlite) are rendered, then the server is ready and the retention and backup CronJobs succeed on its volume', async function () {
    const objects = await render({ valuesFiles: [ci('cronjob-values.yaml')] });
    const cluster = new LocalCluster(objects);
    const listen = await localListen();
    const server = cluster.start(cluster.pod(podSpecOf(serverOf(objects)), listen.overrides).containers[0]!);
    try {
      await waitFor(`${listen.url}/readyz`, 200).catch((error) => assert.fail(`${error.message}\n${server.output()}`));
      // Older backups already on the volume: the CronJob keeps the newest `keep` (3) files.
      const backups = cluster.claimDir('opsenic-backups');
      for (const [i, day] of ['20260101', '20260102', '20260103', '20260104'].entries()) {
        const old = path.join(backups, `opsenic-${day}T030000Z.backup`);
        fs.writeFileSync(old, 'old');
        fs.utimesSync(old, new Date(2026, 0, i + 1), new Date(2026, 0, i + 1));
      }
      await runCronJobs(cluster, objects);
      const kept = fs.readdirSync(backups).sort();
      assert.equal(kept.length, 3, kept.join(', '));
      assert.deepEqual(kept.slice(0, 2), ['opsenic-20260103T030000Z.backup', 'opsenic-20260104T030000Z.backup']);
    } finally {
      server.kill('SIGKILL');
      cluster.dispose();
    }
  });

  describe('on PostgreSQL', () => {
    let db: TestDatabase | undefined;
    before(async function () {
      if (!(await postgresAvailable())) skipOrFailInCi(this, 'PostgreSQL is not reachable');
      db = await createPostgresDatabase();
    });
    after(async () => db?.drop());

    const renderFor = (database: TestDatabase, set: Record<string, string | number | boolean> = {}) => {
      const url = new URL(database.url);
      return render({
        valuesFiles: [ci('postgres-values.yaml')],
        set: { 'database.postgres.host': url.hostname, 'database.postgres.port': Number(url.port || 5432), 'database.postgres.database': url.pathname.slice(1), 'database.postgres.user': decodeURIComponent(url.username), ...set },
      });
    };

    it('when the postgres values are rendered, then pods stay unready until the hook Job has run `opsenic migrate`, then answer /readyz 200', async () => {
      const objects = await renderFor(db!);
      const cluster = new LocalCluster(objects, operatorSecrets());
      const listen = await localListen();
      const { init, containers } = cluster.pod(podSpecOf(serverOf(objects)), listen.overrides);
      for (const c of init) assert.equal((await cluster.run(c)).code, 0, `init container ${c.name} failed`);
      const server = cluster.start(containers[0]!);
      try {
        const unready = await waitFor(`${listen.url}/readyz`, 503).catch((error) => assert.fail(`${error.message}\n${server.output()}`));
        assert.match(unready.body, /migration\(s\) pending/);
        const migrated = await cluster.runPod(podSpecOf(hookJob(objects)));
        assert.equal(migrated.code, 0, `the migration Job failed:\n${migrated.stderr}`);
        assert.match(migrated.stdout, /Applied \d+ migration/);
        await waitFor(`${listen.url}/readyz`, 200).catch((error) => assert.fail(`${error.message}\n${server.output()}`));
        const again = await cluster.runPod(podSpecOf(hookJob(objects)));
        assert.equal(again.code, 0, again.stderr);
        assert.match(again.stdout, /schema is current/, 'an upgrade with nothing to migrate succeeds');
        assert.equal(await stop(server), 0, `the server did not drain cleanly:\n${server.output()}`);
      } finally {
        server.kill('SIGKILL');
        cluster.dispose();
      }
    });

    it('when the CronJobs are on with postgres, then the retention and backup commands succeed against the same database', async function () {
      const objects = await renderFor(db!, { 'retention.cronJob.enabled': true, 'backup.cronJob.enabled': true });
      const cluster = new LocalCluster(objects, operatorSecrets());
      try {
        const migrated = await cluster.runPod(podSpecOf(hookJob(objects)));
        assert.equal(migrated.code, 0, migrated.stderr);
        await runCronJobs(cluster, objects);
      } finally {
        cluster.dispose();
      }
    });
  });
});
