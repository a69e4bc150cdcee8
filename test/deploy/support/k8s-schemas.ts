// Validates rendered objects against the Kubernetes OpenAPI schemas shipped by kubernetes-models
// (and the Prometheus Operator's CRDs for ServiceMonitor).
import type { K8sObject } from './helm.js';

type Model = new (data: unknown) => { validate(): void };

async function modelFor(apiVersion: string, kind: string): Promise<Model> {
  let mod: Record<string, unknown>;
  if (apiVersion.startsWith('monitoring.coreos.com/')) {
    mod = await import(`@kubernetes-models/prometheus-operator/${apiVersion}`);
  } else {
    mod = await import(`kubernetes-models/${apiVersion}`);
  }
  const model = mod[kind] as Model | undefined;
  if (!model) throw new Error(`no schema for ${apiVersion} ${kind}`);
  return model;
}

/** Throws with the object's kind, name and the schema's complaint when it is not valid. */
export async function validateObject(o: K8sObject): Promise<void> {
  const Model = await modelFor(o.apiVersion, o.kind);
  try {
    new Model(o).validate();
  } catch (error) {
    throw new Error(`${o.kind} ${o.metadata.name} does not match the ${o.apiVersion} schema: ${(error as Error).message}`);
  }
}
