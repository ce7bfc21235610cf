// A small Kustomize renderer for this repository's manifests (no kustomize binary or npm package
// is to be had here): `resources` (files, or directories with their own kustomization.yaml),
// `namespace`, `labels` (pairs, without selectors), `images` and `patches` given by `path`
// (strategic merge: maps merge, lists of named items merge by name, other lists are replaced).
// It refuses any other field, so a kustomization it cannot render faithfully fails here instead
// of rendering something else. `kustomize build <dir>` renders the same directories.
//   npm run k8s:render -- infra/k8s/overlays/demo
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { parseAllDocuments, stringify } from 'yaml';

export type K8sObject = { apiVersion: string; kind: string; metadata: { name: string; namespace?: string; labels?: Record<string, string> } } & Record<string, unknown>;

interface Kustomization {
  apiVersion?: string;
  kind?: string;
  namespace?: string;
  labels?: { pairs: Record<string, string>; includeSelectors?: boolean }[];
  resources?: string[];
  images?: { name: string; newName?: string; newTag?: string }[];
  patches?: { path: string }[];
}

const KNOWN_FIELDS = new Set(['apiVersion', 'kind', 'namespace', 'labels', 'resources', 'images', 'patches']);
/** Kinds that live outside any namespace. */
const CLUSTER_SCOPED = new Set(['Namespace', 'ClusterRole', 'ClusterRoleBinding', 'PersistentVolume', 'StorageClass']);

export function readYamlObjects(file: string): K8sObject[] {
  return parseAllDocuments(readFileSync(file, 'utf8'))
    .map((document) => {
      if (document.errors.length) throw new Error(`${file}: ${document.errors[0]!.message}`);
      return document.toJS() as K8sObject | null;
    })
    .filter((object): object is K8sObject => object !== null && object !== undefined);
}

/** The objects `kustomize build <directory>` gives, in resource order. */
export function renderKustomization(directory: string): K8sObject[] {
  const file = join(directory, 'kustomization.yaml');
  if (!existsSync(file)) throw new Error(`${directory}: no kustomization.yaml`);
  const [kustomization] = readYamlObjects(file) as unknown as Kustomization[];
  const unknown = Object.keys(kustomization!).filter((key) => !KNOWN_FIELDS.has(key));
  if (unknown.length) throw new Error(`${file}: fields this renderer does not support: ${unknown.join(', ')}`);
  const k = kustomization!;

  let objects: K8sObject[] = [];
  for (const resource of k.resources ?? []) {
    const path = resolve(directory, resource);
    objects.push(...(statSync(path).isDirectory() ? renderKustomization(path) : readYamlObjects(path)));
  }
  for (const patch of k.patches ?? []) {
    for (const change of readYamlObjects(resolve(directory, patch.path))) {
      const target = objects.find((o) => o.kind === change.kind && o.metadata.name === change.metadata.name);
      if (!target) throw new Error(`${patch.path}: no ${change.kind} ${change.metadata.name} to patch`);
      objects = objects.map((o) => (o === target ? (mergeStrategic(o, change) as K8sObject) : o));
    }
  }
  for (const object of objects) {
    if (k.namespace && !CLUSTER_SCOPED.has(object.kind)) object.metadata.namespace = k.namespace;
    for (const { pairs, includeSelectors } of k.labels ?? []) {
      if (includeSelectors) throw new Error(`${file}: labels.includeSelectors is not supported`);
      object.metadata.labels = { ...object.metadata.labels, ...pairs };
    }
    for (const image of k.images ?? []) replaceImages(object, image);
  }
  assertUnique(objects, directory);
  return objects;
}

function assertUnique(objects: K8sObject[], directory: string): void {
  const seen = new Set<string>();
  for (const o of objects) {
    const id = `${o.kind}/${o.metadata.namespace ?? ''}/${o.metadata.name}`;
    if (seen.has(id)) throw new Error(`${directory}: ${id} defined twice`);
    seen.add(id);
  }
}

function isMap(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Strategic merge as Kustomize applies it to these manifests. */
export function mergeStrategic(base: unknown, patch: unknown): unknown {
  if (isMap(base) && isMap(patch)) {
    const merged: Record<string, unknown> = { ...base };
    for (const [key, value] of Object.entries(patch)) merged[key] = key in base ? mergeStrategic(base[key], value) : value;
    return merged;
  }
  if (Array.isArray(base) && Array.isArray(patch) && [...base, ...patch].every((item) => isMap(item) && typeof item['name'] === 'string')) {
    const merged = base.map((item) => {
      const change = patch.find((p) => (p as { name: string }).name === (item as { name: string }).name);
      return change ? mergeStrategic(item, change) : item;
    });
    for (const item of patch) if (!base.some((b) => (b as { name: string }).name === (item as { name: string }).name)) merged.push(item);
    return merged;
  }
  return patch;
}

/** Every container (and init container) image named `image.name`, in any pod template of the object. */
function replaceImages(node: unknown, image: { name: string; newName?: string; newTag?: string }): void {
  if (Array.isArray(node)) {
    node.forEach((item) => replaceImages(item, image));
    return;
  }
  if (!isMap(node)) return;
  for (const key of ['containers', 'initContainers']) {
    const containers = node[key];
    if (!Array.isArray(containers)) continue;
    for (const container of containers as { image?: string }[]) {
      const [name, tag] = (container.image ?? '').split(':');
      if (name !== image.name) continue;
      container.image = `${image.newName ?? name}:${image.newTag ?? tag ?? 'latest'}`;
    }
  }
  Object.values(node).forEach((value) => replaceImages(value, image));
}

export function toYaml(objects: K8sObject[]): string {
  return objects.map((o) => stringify(o)).join('---\n');
}

if (require.main === module) {
  const target = process.argv[2];
  if (!target) {
    process.stderr.write('usage: npm run k8s:render -- <directory with kustomization.yaml>\n');
    process.exit(2);
  }
  try {
    process.stdout.write(toYaml(renderKustomization(resolve(target))));
  } catch (error) {
    process.stderr.write(`k8s:render: ${(error as Error).message}\n`);
    process.exit(1);
  }
}

export const K8S_ROOT = dirname(__filename);
