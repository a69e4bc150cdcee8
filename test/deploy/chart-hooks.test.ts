// A fresh `helm install` must not hang: every object a hook's pod needs exists when Helm creates
// that pod. support/helm-order.ts replays Helm's creation order on the rendered objects.
import assert from 'node:assert/strict';
import path from 'node:path';
import { chartDir, ciValuesFiles, find, isHook, one, podSpecOf, render, type K8sObject } from './support/helm.js';
import { installSequence, missingReferences } from './support/helm-order.js';

const ci = (name: string) => path.join(chartDir, 'ci', name);

describe('helm chart: hooks and install order', function () {
  this.timeout(120_000);

  for (const file of ciValuesFiles()) {
    it(`when ${path.basename(file)} is installed, then every object a pod needs exists before Helm creates the pod`, async () => {
      const objects = await render({ valuesFiles: [file] });
      assert.deepEqual(missingReferences(objects), []);
    });
  }

  it('when postgres is installed, then the migration Job runs as a hook ServiceAccount created before it, with the release ServiceAccount\'s annotations', async () => {
    const objects = await render({ valuesFiles: [ci('postgres-values.yaml')], set: { 'serviceAccount.annotations.iam\\.gke\\.io/gcp-service-account': 'opsenic@project.iam.gserviceaccount.com' } });
    const job = one(objects, 'Job');
    const account = one(objects, 'ServiceAccount', isHook);
    assert.equal(podSpecOf(job).serviceAccountName, account.metadata.name);
    assert.equal(account.metadata.annotations['helm.sh/hook'], 'pre-install,pre-upgrade');
    assert.ok(Number(account.metadata.annotations['helm.sh/hook-weight']) < Number(job.metadata.annotations['helm.sh/hook-weight']));
    assert.equal(account.metadata.annotations['iam.gke.io/gcp-service-account'], 'opsenic@project.iam.gserviceaccount.com');
    assert.equal(account.automountServiceAccountToken, false);
    const order = installSequence(objects).map((s) => `${s.phase} ${s.object.kind} ${s.object.metadata.name}`);
    assert.ok(order.indexOf('pre-install ServiceAccount opsenic-migrate') < order.indexOf('pre-install Job opsenic-migrate'), order.join('\n'));
    assert.ok(order.indexOf('pre-install Job opsenic-migrate') < order.indexOf('install ServiceAccount opsenic'), order.join('\n'));
  });

  it('when the operator brings their own ServiceAccount, then the Job uses it and no hook ServiceAccount is made', async () => {
    const objects = await render({ valuesFiles: [ci('postgres-values.yaml')], set: { 'serviceAccount.create': false, 'serviceAccount.name': 'platform-opsenic' } });
    assert.equal(find(objects, 'ServiceAccount').length, 0);
    assert.equal(podSpecOf(one(objects, 'Job')).serviceAccountName, 'platform-opsenic');
    assert.deepEqual(missingReferences(objects, [{ kind: 'ServiceAccount', name: 'platform-opsenic' }]), []);
  });

  it('when a hook Job names the release ServiceAccount (the old chart), then the order check reports that it does not exist yet', async () => {
    const objects = await render({ valuesFiles: [ci('ha-values.yaml')] });
    const broken: K8sObject[] = structuredClone(objects).filter((o) => !(o.kind === 'ServiceAccount' && isHook(o)));
    podSpecOf(one(broken, 'Job')).serviceAccountName = 'opsenic';
    assert.deepEqual(missingReferences(broken), ['pre-install: Job opsenic-migrate needs ServiceAccount opsenic, which does not exist yet (or was already deleted)']);
  });

  it('when a hook Job reads the release Secret, ConfigMap or a claim, or a hook copy is weighted after the Job, then each is reported', async () => {
    const objects = await render({ valuesFiles: [ci('ha-values.yaml')] });
    const broken: K8sObject[] = structuredClone(objects);
    const spec = podSpecOf(one(broken, 'Job'));
    spec.volumes.find((v: { name: string }) => v.name === 'config').configMap.name = 'opsenic';
    spec.volumes.push({ name: 'extra', persistentVolumeClaim: { claimName: 'opsenic-backups' } });
    broken.push({ apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name: 'opsenic-backups' }, spec: {} });
    one(broken, 'Secret', isHook).metadata.annotations['helm.sh/hook-weight'] = '5';
    assert.deepEqual(missingReferences(broken).sort(), [
      'pre-install: Job opsenic-migrate needs ConfigMap opsenic, which does not exist yet (or was already deleted)',
      'pre-install: Job opsenic-migrate needs PersistentVolumeClaim opsenic-backups, which does not exist yet (or was already deleted)',
      'pre-install: Job opsenic-migrate needs Secret opsenic-migrate, which does not exist yet (or was already deleted)',
    ]);
  });

  it('when a release workload names a hook copy that Helm deletes after the hooks succeed, then it is reported', async () => {
    const objects = await render({ valuesFiles: [ci('ha-values.yaml')] });
    const broken: K8sObject[] = structuredClone(objects);
    podSpecOf(one(broken, 'Deployment')).volumes.find((v: { name: string }) => v.name === 'config').configMap.name = 'opsenic-migrate';
    assert.deepEqual(missingReferences(broken), ['install: Deployment opsenic needs ConfigMap opsenic-migrate, which does not exist yet (or was already deleted)']);
  });
});
