// What IT asks of the chart's values: every pod (server, hook Job, CronJobs, helm test) inherits the
// pod-level values with per-job overrides; a private mirror, extra env sources and containers as in
// Bitnami's charts; and values that cannot work are refused with the value, the reason and the fix.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { chartDir, find, helm, isHook, one, podSpecOf, render, renderRaw, type K8sObject } from './support/helm.js';
import { configDefinition, loadConfig } from '../../server/config.js';
import { tempDir } from '../support/databases.js';

const ci = (name: string) => path.join(chartDir, 'ci', name);
const pods = (objects: K8sObject[]) => objects.filter((o) => ['Deployment', 'Job', 'CronJob', 'Pod'].includes(o.kind));
const podMetadata = (o: K8sObject) => (o.kind === 'Pod' ? o.metadata : o.kind === 'CronJob' ? o.spec.jobTemplate.spec.template.metadata : o.spec.template.metadata);
const everything = { 'retention.cronJob.enabled': true, 'backup.cronJob.enabled': true };

describe('helm chart: inherited pod values, extras and guards', function () {
  this.timeout(120_000);

  describe('every pod inherits the pod values', () => {
    const inherited = {
      'podAnnotations.example\\.com/owner': 'platform',
      'podLabels.cost-center': 'hr-42',
      'nodeSelector.kubernetes\\.io/os': 'linux',
      'tolerations[0].key': 'dedicated',
      'tolerations[0].operator': 'Equal',
      'tolerations[0].value': 'opsenic',
      'tolerations[0].effect': 'NoSchedule',
      'affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchExpressions[0].key': 'pool',
      'affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchExpressions[0].operator': 'In',
      'affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchExpressions[0].values[0]': 'apps',
      priorityClassName: 'business-critical',
      'imagePullSecrets[0].name': 'regcred',
    };

    for (const mode of ['postgres', 'sqlite'] as const) {
      it(`when pod values are set (${mode}), then the server, the hook Job, both CronJobs and the helm test pod carry them`, async () => {
        const objects = await render({ valuesFiles: mode === 'postgres' ? [ci('postgres-values.yaml')] : [], set: { ...inherited, ...everything } });
        const all = pods(objects);
        assert.deepEqual(all.map((o) => o.kind).sort(), mode === 'postgres' ? ['CronJob', 'CronJob', 'Deployment', 'Job', 'Pod'] : ['CronJob', 'CronJob', 'Deployment', 'Pod']);
        for (const o of all) {
          const where = `${o.kind} ${o.metadata.name}`;
          const spec = podSpecOf(o);
          const meta = podMetadata(o);
          assert.equal(meta.annotations?.['example.com/owner'], 'platform', `${where}: podAnnotations`);
          assert.equal(meta.labels['cost-center'], 'hr-42', `${where}: podLabels`);
          assert.equal(meta.labels['app.kubernetes.io/instance'], 'opsenic', `${where}: the release labels stay (the NetworkPolicy selects them)`);
          assert.deepEqual(spec.nodeSelector, { 'kubernetes.io/os': 'linux' }, `${where}: nodeSelector`);
          assert.equal(spec.tolerations?.[0]?.value, 'opsenic', `${where}: tolerations`);
          assert.equal(spec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchExpressions[0].key, 'pool', `${where}: affinity`);
          assert.equal(spec.priorityClassName, 'business-critical', `${where}: priorityClassName`);
          assert.deepEqual(spec.imagePullSecrets, [{ name: 'regcred' }], `${where}: imagePullSecrets`);
        }
        if (mode === 'sqlite') {
          for (const cron of find(objects, 'CronJob')) assert.ok(podSpecOf(cron).affinity.podAffinity, `${cron.metadata.name}: still beside the volume`);
        }
      });
    }

    it('when a job sets its own values, then they win for that job only (Istio off for the Jobs, a batch node pool)', async () => {
      const objects = await render({
        valuesFiles: [ci('postgres-values.yaml')],
        set: {
          ...inherited,
          ...everything,
          'migrations.podAnnotations.sidecar\\.istio\\.io/inject': 'false',
          'retention.cronJob.podAnnotations.sidecar\\.istio\\.io/inject': 'false',
          'backup.cronJob.nodeSelector.pool': 'batch',
          'backup.cronJob.priorityClassName': 'batch-low',
          'tests.podLabels.suite': 'smoke',
          'migrations.tolerations[0].key': 'migrations',
          'migrations.tolerations[0].operator': 'Exists',
        },
      });
      const job = one(objects, 'Job');
      assert.equal(podMetadata(job).annotations['sidecar.istio.io/inject'], 'false');
      assert.equal(podMetadata(job).annotations['example.com/owner'], 'platform', 'merged with podAnnotations');
      assert.deepEqual(podSpecOf(job).tolerations, [{ key: 'migrations', operator: 'Exists' }]);
      const retention = one(objects, 'CronJob', (o) => o.metadata.name.endsWith('-retention'));
      assert.equal(podMetadata(retention).annotations['sidecar.istio.io/inject'], 'false');
      const backup = one(objects, 'CronJob', (o) => o.metadata.name.endsWith('-backup'));
      assert.deepEqual(podSpecOf(backup).nodeSelector, { pool: 'batch' });
      assert.equal(podSpecOf(backup).priorityClassName, 'batch-low');
      assert.equal(podMetadata(backup).annotations['sidecar.istio.io/inject'], undefined);
      assert.equal(podMetadata(one(objects, 'Pod')).labels.suite, 'smoke');
      const server = one(objects, 'Deployment');
      assert.equal(podMetadata(server).annotations['sidecar.istio.io/inject'], undefined, 'the server keeps its sidecar');
      assert.deepEqual(podSpecOf(server).nodeSelector, { 'kubernetes.io/os': 'linux' });
    });
  });

  describe('Bitnami-style extras', () => {
    it('when global.imageRegistry is set, then every container of every pod pulls from it', async () => {
      const objects = await render({ valuesFiles: [ci('full-values.yaml')], set: { 'global.imageRegistry': 'mirror.corp.example' } });
      for (const o of pods(objects)) {
        for (const c of [...(podSpecOf(o).initContainers ?? []), ...podSpecOf(o).containers]) assert.match(c.image, /^mirror\.corp\.example\/platform\/opsenic-server@sha256:/, `${o.kind} ${o.metadata.name}/${c.name}`);
      }
    });

    it('when extraEnvFrom, initContainers, extraContainers and extraVolumeMounts are set, then the server pod has them and the Jobs get only what cannot block them', async () => {
      const objects = await render({
        valuesFiles: [ci('postgres-values.yaml')],
        set: {
          ...everything,
          'extraEnvFrom[0].configMapRef.name': 'corp-proxy',
          'initContainers[0].name': 'wait-for-vault',
          'initContainers[0].image': 'busybox:1.37',
          'initContainers[0].command[0]': 'true',
          'extraContainers[0].name': 'cloud-sql-proxy',
          'extraContainers[0].image': 'gcr.io/cloud-sql-connectors/cloud-sql-proxy:2.14.0',
          'extraVolumes[0].name': 'ca',
          'extraVolumes[0].configMap.name': 'corp-ca',
          'extraVolumeMounts[0].name': 'ca',
          'extraVolumeMounts[0].mountPath': '/etc/ssl/corp',
        },
      });
      const server = podSpecOf(one(objects, 'Deployment'));
      assert.deepEqual(server.initContainers.map((c: { name: string }) => c.name), ['compose-urls', 'wait-for-vault']);
      assert.deepEqual(server.containers.map((c: { name: string }) => c.name), ['opsenic', 'cloud-sql-proxy']);
      assert.deepEqual(server.containers[0].envFrom, [{ configMapRef: { name: 'corp-proxy' } }]);
      assert.ok(server.containers[0].volumeMounts.some((m: { mountPath: string }) => m.mountPath === '/etc/ssl/corp'));
      for (const o of [...find(objects, 'Job'), ...find(objects, 'CronJob')]) {
        const spec = podSpecOf(o);
        assert.deepEqual(spec.containers.map((c: { name: string }) => c.name).length, 1, `${o.metadata.name}: a sidecar would keep the Job running`);
        assert.deepEqual(spec.containers[0].envFrom, [{ configMapRef: { name: 'corp-proxy' } }], `${o.metadata.name}: the same proxy settings`);
      }
    });
  });

  describe('guards', () => {
    const refused = async (set: Record<string, string | number | boolean>, pattern: RegExp, valuesFiles: string[] = []) => {
      const result = await renderRaw({ valuesFiles, set });
      assert.notEqual(result.code, 0, `accepted: ${JSON.stringify(set)}`);
      assert.match(result.stderr, pattern);
      assert.equal(result.stdout, '', 'nothing rendered');
    };

    it('when any of the server\'s secret keys is written under config, then rendering fails naming the value to use instead', async () => {
      const fixes: Record<string, RegExp> = {
        secretKey: /config\.secretKey is a secret\. Fix: .*secretKey\.existingSecret/,
        'database.url': /config\.database\.url holds the database password\. Fix: .*database\.postgres\.existingSecret/,
        'mail.smtpUrl': /config\.mail\.smtpUrl holds the SMTP password\. Fix: .*smtp\.existingSecret/,
        'oidc.providers.*.clientSecret': /config\.oidc\.providers\.acme\.clientSecret is a secret\. Fix: .*secretConfig: \{key: oidc\.providers\.acme\.clientSecret/,
      };
      // Every key the server treats as a secret: a new one must get a guard (and a line here).
      const secretKeys = [...configDefinition.secretKeys];
      assert.deepEqual([...secretKeys].sort(), Object.keys(fixes).sort());
      for (const key of secretKeys) await refused({ [`config.${key.replace('*', 'acme')}`]: 'postgres://u:p@h/d' }, fixes[key]!);
    });

    it('when cert-manager is on without an issuer or without TLS, then rendering fails with the fix', async () => {
      const ingress = { 'ingress.enabled': true, 'ingress.certManager.enabled': true };
      await refused({ ...ingress, 'ingress.tls.enabled': true }, /ingress\.certManager\.enabled=true needs ingress\.certManager\.issuer: the name of the ClusterIssuer/);
      await refused({ ...ingress, 'ingress.certManager.issuer': 'letsencrypt' }, /needs ingress\.tls\.enabled=true/);
    });

    it('when the disruption budget is impossible, then rendering fails saying why', async () => {
      const pg = [ci('postgres-values.yaml')];
      await refused({ 'podDisruptionBudget.maxUnavailable': -1 }, /maxUnavailable=-1 is impossible: below 1 no pod may ever be evicted/, pg);
      await refused({ 'podDisruptionBudget.maxUnavailable': 0 }, /maxUnavailable=0 is impossible/, pg);
      await refused({ 'podDisruptionBudget.maxUnavailable': 2 }, /lets every one of the 2 replicas be evicted at once/, pg);
      await refused({ 'podDisruptionBudget.maxUnavailable': '0%' }, /not a whole number of pods or a percentage from 1% to 100%/, pg);
      const ok = await render({ valuesFiles: pg, set: { 'podDisruptionBudget.maxUnavailable': '50%' } });
      assert.equal(one(ok, 'PodDisruptionBudget').spec.maxUnavailable, '50%');
    });

    it('when a secretConfig key part cannot survive the environment variable name (entraHQ), then rendering fails naming the id that works', async () => {
      await refused({ 'secretConfig[0].key': 'oidc.providers.entraHQ.clientSecret', 'secretConfig[0].value': 's' }, /the part "entraHQ" cannot be carried by an environment variable name: OPSENIC_OIDC__PROVIDERS__ENTRA_HQ__CLIENT_SECRET_FILE is read back by the server as "entraHq"\.\nFix: rename "entraHQ" to "entraHq" in config and in secretConfig \(key: oidc\.providers\.entraHq\.clientSecret\)/);
    });

    it('when provider ids are accepted, then the server reads each *_FILE variable the chart writes back to that provider\'s clientSecret', async () => {
      const ids = ['acme', 'entraId', 'okta2Eu', 'google'];
      const objects = await render({ set: Object.fromEntries(ids.flatMap((id, i) => [[`secretConfig[${i}].key`, `oidc.providers.${id}.clientSecret`], [`secretConfig[${i}].value`, `secret-of-${id}`]])) });
      const env = podSpecOf(one(objects, 'Deployment')).containers[0].env as Array<{ name: string; value: string }>;
      const dir = tempDir('opsenic-env-');
      const processEnv: Record<string, string> = { OPSENIC_ENV: 'development', OPSENIC_DATA_DIR: dir };
      ids.forEach((id, i) => {
        const variable = env.find((e) => e.value === `/etc/opsenic/secrets/config-${i}`)!;
        const file = path.join(dir, `config-${i}`);
        fs.writeFileSync(file, `secret-of-${id}`);
        processEnv[variable.name] = file;
      });
      const configFile = path.join(dir, 'config.yaml');
      fs.writeFileSync(configFile, `oidc:\n  providers:\n${ids.map((id) => `    ${id}:\n      displayName: ${id}\n      issuer: https://${id.toLowerCase()}.example.com\n      clientId: opsenic\n`).join('')}`);
      const config = loadConfig({ env: { ...processEnv, OPSENIC_CONFIG: configFile } });
      for (const id of ids) assert.equal((config.oidc.providers as Record<string, { clientSecret?: string }>)[id]?.clientSecret, `secret-of-${id}`, id);
    });
  });

  it('when the secret key is generated, then NOTES says it changes under helm template (Argo CD) and to use existingSecret; with existingSecret it says nothing', async () => {
    const notes = async (set: Record<string, string>) => {
      const result = await helm(['install', 'opsenic', chartDir, '--dry-run=client', '--namespace', 'opsenic', ...Object.entries(set).flatMap(([k, v]) => ['--set', `${k}=${v}`])]);
      assert.equal(result.code, 0, result.stderr);
      return result.stdout.slice(result.stdout.indexOf('NOTES:'));
    };
    assert.match(await notes({}), /render with `helm template` \(Argo CD[^]*generate a NEW key on every sync[^]*set secretKey\.existingSecret/);
    assert.doesNotMatch(await notes({ 'secretKey.existingSecret': 'mine' }), /helm template/);
    const readme = fs.readFileSync(path.join(chartDir, 'README.md'), 'utf8');
    assert.match(readme, /Argo CD[^]*helm template[^]*secretKey\.existingSecret/);
  });

  it('the hook objects are never rendered twice under one name', async () => {
    const objects = await render({ valuesFiles: [ci('full-values.yaml')] });
    const ids = objects.map((o) => `${o.kind}/${o.metadata.name}/${isHook(o)}`);
    assert.equal(new Set(ids).size, ids.length);
  });
});

describe('helm chart: the Pod Security "restricted" check itself', () => {
  it('when a pod runs as root, escalates, keeps capabilities or mounts a host path, then each is reported', async () => {
    const objects = await render({ valuesFiles: [path.join(chartDir, 'ci', 'production-values.yaml')] });
    const spec = structuredClone(podSpecOf(one(objects, 'Deployment')));
    spec.containers[0].securityContext.allowPrivilegeEscalation = true;
    delete spec.containers[0].securityContext.capabilities;
    spec.containers[0].securityContext.runAsNonRoot = false;
    spec.volumes.push({ name: 'host', hostPath: { path: '/var/run' } });
    const { restrictedViolations } = await import('./support/pod-security.js');
    assert.deepEqual(restrictedViolations(spec), [
      'volume host: hostPath',
      'volume host: type hostPath is not allowed',
      'container opsenic: allowPrivilegeEscalation is not false',
      'container opsenic: runAsNonRoot is not true',
      'container opsenic: does not drop ALL capabilities',
    ]);
  });
});

describe('helm chart: the production and Entra SSO values files', function () {
  this.timeout(120_000);

  it('when the production values are rendered, then every secret comes from an existing Secret and every pod carries the IT settings', async () => {
    const objects = await render({ valuesFiles: [path.join(chartDir, 'ci', 'production-values.yaml')] });
    assert.equal(find(objects, 'Secret', (o) => !isHook(o)).length, 0, 'nothing generated: GitOps-safe');
    assert.equal(one(objects, 'Deployment').spec.replicas, 3);
    const ingress = one(objects, 'Ingress');
    assert.equal(ingress.metadata.annotations['cert-manager.io/cluster-issuer'], 'corp-ca');
    assert.equal(ingress.spec.tls[0].secretName, 'opsenic-tls');
    assert.ok(one(objects, 'CronJob', (o) => o.metadata.name.endsWith('-retention')));
    for (const o of pods(objects)) {
      const spec = podSpecOf(o);
      assert.deepEqual(spec.imagePullSecrets, [{ name: 'regcred' }], o.metadata.name);
      assert.deepEqual(spec.nodeSelector, { 'corp.example/node-pool': 'apps' }, o.metadata.name);
      assert.equal(spec.priorityClassName, 'business-critical', o.metadata.name);
      for (const c of spec.containers) assert.match(c.image, /^registry\.corp\.example\/platform\/opsenic-server:0\.1\.0$/);
      if (o.kind !== 'Deployment') assert.equal(podMetadata(o).annotations['sidecar.istio.io/inject'], 'false', `${o.metadata.name}: a Job with a sidecar never completes`);
    }
    const sources = podSpecOf(one(objects, 'Deployment')).volumes.find((v: { name: string }) => v.name === 'secrets').projected.sources.map((s: { secret: { name: string } }) => s.secret.name).sort();
    assert.deepEqual(sources, ['opsenic-database', 'opsenic-oidc', 'opsenic-secret-key', 'opsenic-smtp']);
  });

  it('when the Entra SSO values are rendered, then the client secret reaches OPSENIC_OIDC__PROVIDERS__ENTRA_ID__CLIENT_SECRET_FILE from the existing Secret', async () => {
    const objects = await render({ valuesFiles: [path.join(chartDir, 'ci', 'sso-entra-values.yaml')] });
    const spec = podSpecOf(one(objects, 'Deployment'));
    assert.equal(spec.containers[0].env.find((e: { name: string }) => e.name === 'OPSENIC_OIDC__PROVIDERS__ENTRA_ID__CLIENT_SECRET_FILE')?.value, '/etc/opsenic/secrets/config-0');
    const source = spec.volumes.find((v: { name: string }) => v.name === 'secrets').projected.sources.find((s: { secret: { name: string } }) => s.secret.name === 'opsenic-oidc');
    assert.deepEqual(source.secret.items, [{ key: 'client-secret', path: 'config-0' }]);
  });
});
