// The order in which Helm creates a chart's objects on `helm install`, and what each pod finds when
// it is created. No cluster runs here, so this replays Helm's own rules on the rendered objects:
// - pre-install hooks first, one at a time, sorted by helm.sh/hook-weight, then by name (Helm's
//   hookByWeight), ties kept in Helm's kind install order; a Job or Pod hook blocks until it ends;
// - then every release object at once; then post-install hooks; `helm test` hooks last;
// - hook-delete-policy hook-succeeded removes a hook's objects once all hooks of its phase succeeded.
// Kubernetes refuses a pod whose ServiceAccount does not exist, and a pod whose Secret, ConfigMap or
// claim is missing never starts: a hook Job that references an object created later hangs
// `helm install` until it times out. A reference to a name the chart does not render is the
// operator's own object (an existingSecret, an image pull Secret) and exists beforehand.
import type { K8sObject } from './helm.js';
import { podSpecOf } from './helm.js';

// Helm's InstallOrder (pkg/release/util/kind_sorter.go), for the kinds this chart renders.
const installOrder = ['Namespace', 'NetworkPolicy', 'ResourceQuota', 'LimitRange', 'PodDisruptionBudget', 'ServiceAccount', 'Secret', 'ConfigMap', 'StorageClass', 'PersistentVolume', 'PersistentVolumeClaim', 'Service', 'Pod', 'Deployment', 'HorizontalPodAutoscaler', 'StatefulSet', 'Job', 'CronJob', 'Ingress', 'ServiceMonitor'];
const kindRank = (kind: string) => (installOrder.includes(kind) ? installOrder.indexOf(kind) : installOrder.length);

export type Phase = 'pre-install' | 'install' | 'post-install' | 'test';

export interface Step {
  phase: Phase;
  object: K8sObject;
}

const hooksOf = (o: K8sObject): string[] => (o.metadata.annotations?.['helm.sh/hook'] ?? '').split(',').map((h: string) => h.trim()).filter(Boolean);
const weightOf = (o: K8sObject) => Number(o.metadata.annotations?.['helm.sh/hook-weight'] ?? 0);
export const idOf = (o: Pick<K8sObject, 'kind' | 'metadata'>) => `${o.kind} ${o.metadata.name}`;

function sortHooks(hooks: K8sObject[]): K8sObject[] {
  return [...hooks]
    .sort((a, b) => kindRank(a.kind) - kindRank(b.kind))
    .sort((a, b) => weightOf(a) - weightOf(b) || (a.metadata.name < b.metadata.name ? -1 : a.metadata.name > b.metadata.name ? 1 : 0));
}

/** The creation sequence of `helm install` followed by `helm test`. */
export function installSequence(objects: K8sObject[]): Step[] {
  const inPhase = (hook: string) => sortHooks(objects.filter((o) => hooksOf(o).includes(hook)));
  const release = objects.filter((o) => hooksOf(o).length === 0).sort((a, b) => kindRank(a.kind) - kindRank(b.kind));
  return [
    ...inPhase('pre-install').map((object) => ({ phase: 'pre-install' as const, object })),
    ...release.map((object) => ({ phase: 'install' as const, object })),
    ...inPhase('post-install').map((object) => ({ phase: 'post-install' as const, object })),
    ...inPhase('test').map((object) => ({ phase: 'test' as const, object })),
  ];
}

/** Every object a pod spec needs by name: its ServiceAccount, Secrets, ConfigMaps and claims. */
export function podReferences(spec: any): Array<{ kind: string; name: string }> { // eslint-disable-line @typescript-eslint/no-explicit-any
  const refs: Array<{ kind: string; name: string }> = [];
  if (spec.serviceAccountName) refs.push({ kind: 'ServiceAccount', name: spec.serviceAccountName });
  for (const s of spec.imagePullSecrets ?? []) refs.push({ kind: 'Secret', name: s.name });
  for (const v of spec.volumes ?? []) {
    if (v.secret) refs.push({ kind: 'Secret', name: v.secret.secretName });
    if (v.configMap) refs.push({ kind: 'ConfigMap', name: v.configMap.name });
    if (v.persistentVolumeClaim) refs.push({ kind: 'PersistentVolumeClaim', name: v.persistentVolumeClaim.claimName });
    for (const source of v.projected?.sources ?? []) {
      if (source.secret) refs.push({ kind: 'Secret', name: source.secret.name });
      if (source.configMap) refs.push({ kind: 'ConfigMap', name: source.configMap.name });
    }
  }
  for (const c of [...(spec.initContainers ?? []), ...(spec.containers ?? [])]) {
    for (const e of c.env ?? []) {
      if (e.valueFrom?.secretKeyRef) refs.push({ kind: 'Secret', name: e.valueFrom.secretKeyRef.name });
      if (e.valueFrom?.configMapKeyRef) refs.push({ kind: 'ConfigMap', name: e.valueFrom.configMapKeyRef.name });
    }
    for (const e of c.envFrom ?? []) {
      if (e.secretRef) refs.push({ kind: 'Secret', name: e.secretRef.name });
      if (e.configMapRef) refs.push({ kind: 'ConfigMap', name: e.configMapRef.name });
    }
  }
  return refs;
}

const hasPodSpec = (o: K8sObject) => ['Deployment', 'Job', 'CronJob', 'Pod'].includes(o.kind);

/**
 * Replays the sequence and returns one line per reference to a chart object that does not exist
 * when the pod that needs it is created (or that a finished hook phase has already deleted).
 * `existing` names the kinds and names the operator created beforehand (e.g. the "default" ServiceAccount).
 */
export function missingReferences(objects: K8sObject[], existing: Array<{ kind: string; name: string }> = [{ kind: 'ServiceAccount', name: 'default' }]): string[] {
  const rendered = new Set(objects.map(idOf));
  const live = new Set(existing.map((e) => `${e.kind} ${e.name}`));
  const problems: string[] = [];
  const steps = installSequence(objects);
  let phase: Phase | undefined;
  let phaseHooks: K8sObject[] = [];
  const endPhase = () => {
    for (const hook of phaseHooks) if ((hook.metadata.annotations?.['helm.sh/hook-delete-policy'] ?? '').includes('hook-succeeded')) live.delete(idOf(hook));
    phaseHooks = [];
  };
  for (const { phase: p, object } of steps) {
    if (p !== phase) {
      endPhase();
      phase = p;
    }
    // Release objects are applied together: a Deployment may name a Secret applied in the same batch.
    if (p === 'install') for (const o of steps.filter((s) => s.phase === 'install')) live.add(idOf(o.object));
    if (hasPodSpec(object)) {
      for (const ref of podReferences(podSpecOf(object))) {
        const id = `${ref.kind} ${ref.name}`;
        if (!rendered.has(id) && ref.kind !== 'ServiceAccount') continue; // the operator's own object
        if (!live.has(id)) problems.push(`${p}: ${idOf(object)} needs ${id}, which ${rendered.has(id) ? 'does not exist yet (or was already deleted)' : 'the chart never creates'}`);
      }
    }
    live.add(idOf(object));
    if (p !== 'install') phaseHooks.push(object);
  }
  return problems;
}
