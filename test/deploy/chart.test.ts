// The Helm chart, rendered by a real helm v4 binary: lint and template for every ci/ values file,
// every object checked against the Kubernetes schemas, and the chart's promises asserted.
import assert from 'node:assert/strict';
import path from 'node:path';
import YAML from 'yaml';
import { ciValuesFiles, find, helm, chartDir, isHook, one, podSpecOf, render, renderRaw, type K8sObject } from './support/helm.js';
import { validateObject } from './support/k8s-schemas.js';
import { restrictedViolations } from './support/pod-security.js';

const ci = (name: string) => path.join(chartDir, 'ci', name);
const workloads = (objects: K8sObject[]) => objects.filter((o) => ['Deployment', 'Job', 'CronJob', 'Pod'].includes(o.kind));
const configOf = (cm: K8sObject) => YAML.parse(cm.data['config.yaml']);
const serverDeployment = (objects: K8sObject[]) => one(objects, 'Deployment');

describe('helm chart', function () {
  this.timeout(180_000);

  describe('every values file in helm/opsenic/ci', () => {
    for (const file of ciValuesFiles()) {
      const name = path.basename(file);

      it(`when ${name} is linted, then helm lint passes`, async () => {
        const result = await helm(['lint', chartDir, '--strict', '-f', file]);
        assert.equal(result.code, 0, result.stdout + result.stderr);
      });

      it(`when ${name} is rendered, then every object matches its Kubernetes schema`, async () => {
        const objects = await render({ valuesFiles: [file] });
        assert.ok(objects.length >= 6, `only ${objects.length} objects rendered`);
        for (const o of objects) await validateObject(o);
      });

      it(`when ${name} is rendered, then no ConfigMap holds a secret and every secret is a file`, async () => {
        const objects = await render({ valuesFiles: [file], set: { 'database.postgres.password': 'Sup3r-Secret-Db-Password' } });
        const secretValues = find(objects, 'Secret').flatMap((s) => Object.values<string>(s.data ?? {}).map((v) => Buffer.from(v, 'base64').toString()));
        secretValues.push('Sup3r-Secret-Db-Password', 'p@ss:w/rd#with?specials', 'smtp secret');
        for (const cm of find(objects, 'ConfigMap')) {
          const text = JSON.stringify(cm.data);
          for (const secret of secretValues) assert.ok(!text.includes(secret), `ConfigMap ${cm.metadata.name} contains a secret value`);
          const config = configOf(cm);
          assert.equal(config.secretKey, undefined, 'secretKey in a ConfigMap');
          assert.equal(config.mail?.smtpUrl, undefined, 'mail.smtpUrl in a ConfigMap');
          if (config.database?.url) assert.match(config.database.url, /^sqlite:/, 'a database URL with credentials in a ConfigMap');
        }
        for (const w of workloads(objects)) {
          for (const c of [...(podSpecOf(w).initContainers ?? []), ...podSpecOf(w).containers]) {
            for (const e of c.env ?? []) {
              assert.equal(e.valueFrom, undefined, `${w.kind} ${w.metadata.name}: env ${e.name} from a secret (use a file)`);
              if (e.name.startsWith('OPSENIC_')) assert.ok(e.name === 'OPSENIC_CONFIG' || e.name.endsWith('_FILE'), `${e.name} is set in ${w.kind} ${w.metadata.name}`);
            }
          }
        }
      });

      it(`when ${name} is rendered, then every pod is admitted by Pod Security "restricted"`, async () => {
        const objects = await render({ valuesFiles: [file] });
        const problems = workloads(objects).flatMap((w) => restrictedViolations(podSpecOf(w)).map((p) => `${w.kind} ${w.metadata.name}: ${p}`));
        assert.deepEqual(problems, []);
      });

      it(`when ${name} is rendered, then every pod is hardened`, async () => {
        const objects = await render({ valuesFiles: [file] });
        for (const w of workloads(objects)) {
          const spec = podSpecOf(w);
          const where = `${w.kind} ${w.metadata.name}`;
          assert.equal(spec.automountServiceAccountToken, false, `${where}: service account token mounted`);
          assert.equal(spec.enableServiceLinks, false, `${where}: service links would inject OPSENIC_PORT=tcp://...`);
          assert.equal(spec.securityContext.runAsNonRoot, true, where);
          assert.equal(spec.securityContext.runAsUser, 10001, where);
          assert.equal(spec.securityContext.seccompProfile.type, 'RuntimeDefault', where);
          for (const c of [...(spec.initContainers ?? []), ...spec.containers]) {
            const sc = c.securityContext;
            assert.equal(sc.readOnlyRootFilesystem, true, `${where}/${c.name}: writable root`);
            assert.equal(sc.allowPrivilegeEscalation, false, `${where}/${c.name}`);
            assert.equal(sc.runAsNonRoot, true, `${where}/${c.name}`);
            assert.deepEqual(sc.capabilities.drop, ['ALL'], `${where}/${c.name}: capabilities kept`);
            assert.equal(sc.seccompProfile.type, 'RuntimeDefault', `${where}/${c.name}`);
            assert.ok(c.resources && Object.keys(c.resources).length > 0 || w.kind !== 'Deployment', `${where}/${c.name}: no resources`);
            if (w.kind !== 'Pod' && c.name !== 'compose-urls') {
              const mounts = new Map<string, string>(c.volumeMounts.map((m: { mountPath: string; name: string }) => [m.mountPath, m.name]));
              assert.ok(mounts.has('/tmp'), `${where}/${c.name}: no writable /tmp (tsx compile cache)`);
              const tmp = spec.volumes.find((v: { name: string }) => v.name === mounts.get('/tmp'));
              assert.ok(tmp.emptyDir, `${where}/${c.name}: /tmp is not an emptyDir`);
              assert.ok(mounts.has('/data'), `${where}/${c.name}: no data volume`);
            }
          }
        }
      });
    }
  });

  describe('storage modes', () => {
    it('when sqlite is asked for two replicas, then rendering fails with a message that names the fix', async () => {
      const result = await renderRaw({ valuesFiles: [ci('sqlite-values.yaml')], set: { replicaCount: 2 } });
      assert.notEqual(result.code, 0);
      assert.match(result.stderr, /database\.type=sqlite runs exactly one replica, but replicaCount=2/);
      assert.match(result.stderr, /use PostgreSQL \(database\.type=postgres\)/);
    });

    it('when sqlite is combined with autoscaling, then rendering fails with the same advice', async () => {
      const result = await renderRaw({ set: { 'autoscaling.enabled': true } });
      assert.notEqual(result.code, 0);
      assert.match(result.stderr, /autoscaling\.enabled=true cannot work/);
    });

    it('when sqlite is rendered, then one replica with Recreate strategy keeps the file on a ReadWriteOnce claim', async () => {
      const objects = await render({ valuesFiles: [ci('sqlite-values.yaml')] });
      const deployment = serverDeployment(objects);
      assert.equal(deployment.spec.replicas, 1);
      assert.equal(deployment.spec.strategy.type, 'Recreate');
      const pvc = one(objects, 'PersistentVolumeClaim');
      assert.deepEqual(pvc.spec.accessModes, ['ReadWriteOnce']);
      assert.equal(pvc.spec.resources.requests.storage, '2Gi');
      const data = podSpecOf(deployment).volumes.find((v: { name: string }) => v.name === 'data');
      assert.equal(data.persistentVolumeClaim.claimName, pvc.metadata.name);
      const config = configOf(one(objects, 'ConfigMap'));
      assert.equal(config.database.url, 'sqlite:/data/opsenic.sqlite');
      assert.equal(config.dataDir, '/data');
      assert.equal(find(objects, 'Job').length, 0, 'SQLite migrates in its single pod, not in a hook Job');
      assert.equal(find(objects, 'PodDisruptionBudget').length, 0);
    });

    it('when postgres uses an existing Secret, then the password is composed into the URL by the init container and no Secret holds it', async () => {
      const objects = await render({ valuesFiles: [ci('postgres-values.yaml')] });
      const deployment = serverDeployment(objects);
      assert.equal(deployment.spec.replicas, 2);
      assert.equal(deployment.spec.strategy.type, 'RollingUpdate');
      const spec = podSpecOf(deployment);
      const init = spec.initContainers.find((c: { name: string }) => c.name === 'compose-urls');
      assert.ok(init.command.includes('postgres://opsenic:{password}@postgres.databases.svc.cluster.local:5432/opsenic?sslmode=disable'));
      const env = Object.fromEntries(spec.containers[0].env.map((e: { name: string; value: string }) => [e.name, e.value]));
      assert.equal(env.OPSENIC_DATABASE_URL_FILE, '/run/opsenic/database-url');
      assert.equal(env.OPSENIC_SECRET_KEY_FILE, '/etc/opsenic/secrets/secret-key');
      const sources = spec.volumes.find((v: { name: string }) => v.name === 'secrets').projected.sources;
      assert.deepEqual(sources.map((s: { secret: { name: string } }) => s.secret.name).sort(), ['opsenic-database', 'opsenic-secret-key']);
      assert.equal(find(objects, 'Secret').length, 0, 'nothing to generate: every secret is an existing one');
      assert.equal(find(objects, 'PersistentVolumeClaim').length, 0);
      assert.equal(configOf(one(objects, 'ConfigMap', (o) => !isHook(o))).database.migrateOnStart, 'never');
      assert.ok(one(objects, 'PodDisruptionBudget'));
    });

    it('when several replicas run with an autoscaler, then the HPA, the PDB and the generated Secret are rendered', async () => {
      const objects = await render({ valuesFiles: [ci('ha-values.yaml')] });
      const hpa = one(objects, 'HorizontalPodAutoscaler');
      assert.equal(hpa.spec.minReplicas, 3);
      assert.equal(hpa.spec.maxReplicas, 8);
      assert.equal(serverDeployment(objects).spec.replicas, undefined, 'the HPA owns the replica count');
      assert.equal(one(objects, 'PodDisruptionBudget').spec.maxUnavailable, 1);
      const secret = one(objects, 'Secret', (o) => !isHook(o));
      const data = Object.fromEntries(Object.entries<string>(secret.data).map(([k, v]) => [k, Buffer.from(v, 'base64').toString()]));
      assert.equal(data['database-password'], 'p@ss:w/rd#with?specials');
      assert.equal(data['smtp-password'], 'smtp secret');
      assert.equal(data['secret-key']?.length, 64);
    });
  });

  describe('jobs', () => {
    it('when postgres is installed or upgraded, then a pre-install/pre-upgrade hook Job runs `opsenic migrate` with its own copies of the config and Secret', async () => {
      const objects = await render({ valuesFiles: [ci('ha-values.yaml')] });
      const job = one(objects, 'Job');
      assert.equal(job.metadata.annotations['helm.sh/hook'], 'pre-install,pre-upgrade');
      const container = podSpecOf(job).containers[0];
      assert.deepEqual([...container.command, ...container.args], ['opsenic', 'migrate']);
      for (const kind of ['ConfigMap', 'Secret']) {
        const copy = one(objects, kind, (o) => isHook(o));
        assert.equal(copy.metadata.annotations['helm.sh/hook'], 'pre-install,pre-upgrade');
        assert.ok(Number(copy.metadata.annotations['helm.sh/hook-weight']) < Number(job.metadata.annotations['helm.sh/hook-weight']), `${kind} copy created after the Job`);
      }
      assert.deepEqual(one(objects, 'ConfigMap', isHook).data, one(objects, 'ConfigMap', (o) => !isHook(o)).data);
      assert.deepEqual(one(objects, 'Secret', isHook).data, one(objects, 'Secret', (o) => !isHook(o)).data, 'the hook sees the same generated secret key');
    });

    it('when the retention CronJob is on, then it runs `opsenic retention apply --yes --json` once at a time and the in-process schedule is off', async () => {
      const objects = await render({ valuesFiles: [ci('cronjob-values.yaml')] });
      const cron = one(objects, 'CronJob', (o) => o.metadata.name.endsWith('-retention'));
      assert.equal(cron.spec.concurrencyPolicy, 'Forbid');
      assert.equal(cron.spec.schedule, '15 1 * * *');
      assert.equal(cron.spec.timeZone, 'Europe/Paris');
      assert.equal(cron.spec.successfulJobsHistoryLimit, 3);
      assert.equal(cron.spec.failedJobsHistoryLimit, 3);
      const container = podSpecOf(cron).containers[0];
      assert.deepEqual([...container.command, ...container.args], ['opsenic', 'retention', 'apply', '--yes', '--json']);
      assert.equal(configOf(one(objects, 'ConfigMap')).retention.schedule.enabled, false);
      const affinity = podSpecOf(cron).affinity.podAffinity.requiredDuringSchedulingIgnoredDuringExecution[0];
      assert.equal(affinity.topologyKey, 'kubernetes.io/hostname', 'on SQLite the Job runs on the node that holds the volume');
    });

    it('when the retention CronJob is off, then the config leaves the in-process schedule alone', async () => {
      const config = configOf(one(await render({ valuesFiles: [ci('sqlite-values.yaml')] }), 'ConfigMap'));
      assert.equal(config.retention, undefined);
    });

    it('when backups are on, then a CronJob writes `opsenic backup create` to its own claim', async () => {
      const objects = await render({ valuesFiles: [ci('cronjob-values.yaml')] });
      const cron = one(objects, 'CronJob', (o) => o.metadata.name.endsWith('-backup'));
      assert.equal(cron.spec.concurrencyPolicy, 'Forbid');
      const spec = podSpecOf(cron);
      const script = spec.containers[0].command.join(' ');
      assert.match(script, /opsenic backup create --out "\$file"/);
      assert.match(script, /tail -n \+4/, 'keeps the newest 3');
      const claim = one(objects, 'PersistentVolumeClaim', (o) => o.metadata.name.endsWith('-backups'));
      assert.equal(claim.spec.resources.requests.storage, '5Gi');
      assert.equal(spec.volumes.find((v: { name: string }) => v.name === 'backups').persistentVolumeClaim.claimName, claim.metadata.name);
    });
  });

  describe('checksums and config', () => {
    const checksums = async (set: Record<string, string | number | boolean> = {}) =>
      serverDeployment(await render({ valuesFiles: [ci('postgres-values.yaml')], set })).spec.template.metadata.annotations;

    it('when the config changes, then the config checksum changes, and not otherwise', async () => {
      const before = await checksums();
      const again = await checksums();
      const after = await checksums({ 'config.sessions.rememberFor': '7d' });
      assert.equal(again['checksum/config'], before['checksum/config']);
      assert.notEqual(after['checksum/config'], before['checksum/config']);
    });

    it('when a secret source changes, then the secret checksum changes', async () => {
      const before = await checksums();
      const after = await checksums({ 'database.postgres.existingSecretPasswordKey': 'rotated' });
      assert.notEqual(after['checksum/secret-sources'], before['checksum/secret-sources']);
    });

    it('when an Ingress with TLS is on, then its hosts, TLS Secret, class and cert-manager issuer are set and the first host is the public URL', async () => {
      const objects = await render({ valuesFiles: [ci('ingress-tls-values.yaml')] });
      const ingress = one(objects, 'Ingress');
      assert.equal(ingress.spec.ingressClassName, 'nginx');
      assert.equal(ingress.metadata.annotations['cert-manager.io/cluster-issuer'], 'letsencrypt');
      assert.deepEqual(ingress.spec.tls[0].hosts, ['opsenic.example.com', 'people.example.com']);
      assert.deepEqual(ingress.spec.rules.map((r: { host: string }) => r.host), ['opsenic.example.com', 'people.example.com']);
      assert.equal(ingress.spec.rules[0].http.paths[0].backend.service.port.name, 'http', 'never the metrics port');
      const config = configOf(one(objects, 'ConfigMap'));
      assert.equal(config.server.publicUrl, 'https://opsenic.example.com');
      assert.equal(config.server.trustProxy, 1);
    });

    it('when secretConfig names a config key, then the server reads it from a file through OPSENIC_<KEY>_FILE', async () => {
      const objects = await render({ set: { 'secretConfig[0].key': 'oidc.providers.acme.clientSecret', 'secretConfig[0].existingSecret': 'acme-oidc', 'secretConfig[0].secretKey': 'client-secret' } });
      const spec = podSpecOf(serverDeployment(objects));
      const env = spec.containers[0].env.find((e: { name: string }) => e.name === 'OPSENIC_OIDC__PROVIDERS__ACME__CLIENT_SECRET_FILE');
      assert.equal(env?.value, '/etc/opsenic/secrets/config-0');
      const source = spec.volumes.find((v: { name: string }) => v.name === 'secrets').projected.sources.find((s: { secret: { name: string } }) => s.secret.name === 'acme-oidc');
      assert.deepEqual(source.secret.items, [{ key: 'client-secret', path: 'config-0' }]);
    });

    it('when the pod stops, then terminationGracePeriodSeconds covers the preStop sleep and the server drain', async () => {
      const objects = await render({ set: { 'shutdown.drainSeconds': 25, 'shutdown.preStopSleepSeconds': 7 } });
      const spec = podSpecOf(serverDeployment(objects));
      assert.deepEqual(spec.containers[0].lifecycle.preStop.exec.command, ['sleep', '7']);
      assert.equal(spec.terminationGracePeriodSeconds, 37);
      assert.equal(configOf(one(objects, 'ConfigMap')).server.shutdownTimeout, '25s');
      assert.equal(spec.containers[0].readinessProbe.httpGet.path, '/readyz');
      assert.equal(spec.containers[0].livenessProbe.httpGet.path, '/healthz');
      assert.equal(spec.containers[0].startupProbe.httpGet.path, '/healthz');
    });

    it('when values hold an unknown key, a wrong enum or an OPSENIC_ extraEnv, then the values schema refuses them', async () => {
      for (const [set, message] of [
        [{ replicas: 2 }, /additional properties 'replicas' not allowed/],
        [{ 'database.type': 'mysql' }, /database\/type/],
        [{ 'extraEnv[0].name': 'OPSENIC_PORT', 'extraEnv[0].value': '1' }, /extraEnv\/0\/name/],
      ] as const) {
        const result = await renderRaw({ set });
        assert.notEqual(result.code, 0, JSON.stringify(set));
        assert.match(result.stderr, message);
      }
    });

    it('when everything is switched on, then the NetworkPolicy, ServiceMonitor and helm test pod are rendered', async () => {
      const objects = await render({ valuesFiles: [ci('full-values.yaml')] });
      const policy = one(objects, 'NetworkPolicy');
      const egressPorts = policy.spec.egress.flatMap((r: { ports?: { port: number }[] }) => (r.ports ?? []).map((p) => p.port));
      for (const port of [53, 5432, 465, 443]) assert.ok(egressPorts.includes(port), `egress to ${port} missing`);
      assert.ok(policy.spec.ingress[0].from.some((p: { namespaceSelector?: unknown }) => p.namespaceSelector), 'ingress from the ingress controller');
      assert.equal(one(objects, 'ServiceMonitor').spec.endpoints[0].port, 'metrics');
      const test = one(objects, 'Pod');
      assert.equal(test.metadata.annotations['helm.sh/hook'], 'test');
      assert.match(test.spec.containers[0].command.at(-1), /^http:\/\/opsenic:80\/readyz$/);
      assert.equal(serverDeployment(objects).spec.template.spec.containers[0].image, 'registry.example.com/platform/opsenic-server@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef');
    });
  });
});
