import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { declaredVariables } from '@birth/platform';
import { PROGRAMS } from '../services';
import { K8S_ROOT, mergeStrategic, renderKustomization, type K8sObject } from './kustomize';

// The Kustomize overlays rendered (kustomize.ts) and every object checked against the
// Kubernetes schemas (kubernetes-models, in a child process: validate-manifests.mjs), then what
// the deployment must guarantee: probes, requests, autoscaling bounded by partitions, Secrets,
// the Jobs, the NetworkPolicy of the internal port, and the bank only in the demo.

const SERVICES = ['gateway', 'birth-certificate', 'household-registration', 'medical-insurance', 'social-security-card', 'maternity-allowance', 'case-saga'];

function render(overlay: string): K8sObject[] {
  return renderKustomization(join(K8S_ROOT, 'overlays', overlay));
}

function schemaProblems(objects: K8sObject[]): string[] {
  const run = spawnSync(process.execPath, [join(K8S_ROOT, 'validate-manifests.mjs')], { input: JSON.stringify(objects), encoding: 'utf8', timeout: 60_000 });
  if (run.status !== 0) throw new Error(`validate-manifests.mjs failed: ${run.stderr}`);
  return JSON.parse(run.stdout) as string[];
}

const ofKind = (objects: K8sObject[], kind: string) => objects.filter((o) => o.kind === kind);
const named = (objects: K8sObject[], kind: string, name: string) => objects.find((o) => o.kind === kind && o.metadata.name === name);

type Container = { name: string; image: string; env?: { name: string; value?: string }[]; envFrom?: { secretRef?: { name: string } }[]; readinessProbe?: { httpGet?: { path: string; port: string } }; livenessProbe?: { httpGet?: { path: string; port: string } }; resources?: { requests?: Record<string, string> } };
type PodSpec = { containers: Container[]; volumes?: { secret?: { secretName: string } }[] };

function podSpecOf(object: K8sObject): PodSpec | null {
  type WithTemplate = { template?: { spec?: PodSpec }; jobTemplate?: { spec?: WithTemplate } };
  const spec = object['spec'] as WithTemplate | undefined;
  if (object.kind === 'CronJob') return spec?.jobTemplate?.spec?.template?.spec ?? null;
  return spec?.template?.spec ?? null;
}

/** Every Secret a pod template refers to (envFrom, secretKeyRef, volumes). */
function referencedSecrets(objects: K8sObject[]): Set<string> {
  const names = new Set<string>();
  for (const object of objects) {
    const pod = podSpecOf(object);
    if (!pod) continue;
    for (const volume of pod.volumes ?? []) if (volume.secret) names.add(volume.secret.secretName);
    for (const container of pod.containers) {
      for (const from of container.envFrom ?? []) if (from.secretRef) names.add(from.secretRef.name);
      for (const variable of (container.env ?? []) as { valueFrom?: { secretKeyRef?: { name: string } } }[]) {
        if (variable.valueFrom?.secretKeyRef) names.add(variable.valueFrom.secretKeyRef.name);
      }
    }
  }
  return names;
}

describe.each(['production', 'demo'])('the %s overlay', (overlay) => {
  const objects = render(overlay);

  it('renders objects that all validate against the Kubernetes schemas', () => {
    expect(objects.length).toBeGreaterThan(30);
    expect(schemaProblems(objects)).toEqual([]);
    // A child process loading the schemas takes seconds on a busy machine.
  }, 60_000);

  it('puts everything in the birth-one-thing namespace', () => {
    for (const o of objects) if (o.kind !== 'Namespace') expect(`${o.kind}/${o.metadata.name} ${o.metadata.namespace}`).toBe(`${o.kind}/${o.metadata.name} birth-one-thing`);
  });

  it.each(SERVICES)('%s: a Deployment with probes on the health endpoints and resource requests, its Service and an HPA of at most 6 pods', (service) => {
    const deployment = named(objects, 'Deployment', service)!;
    const [container] = podSpecOf(deployment)!.containers;
    expect(container!.readinessProbe!.httpGet).toEqual({ path: '/health/ready', port: 'http' });
    expect(container!.livenessProbe!.httpGet).toEqual({ path: '/health/live', port: 'http' });
    expect(container!.resources!.requests).toEqual({ cpu: expect.any(String), memory: expect.any(String) });
    expect(container!.env).toEqual(expect.arrayContaining([{ name: 'SERVICE', value: service }]));
    expect(named(objects, 'Service', service)).toBeDefined();
    const hpa = named(objects, 'HorizontalPodAutoscaler', service)! as { spec?: { maxReplicas: number; scaleTargetRef: { name: string } } };
    expect(hpa.spec!.scaleTargetRef.name).toBe(service);
    // Topics have 6 partitions: a 7th consumer in a group would sit idle.
    expect(hpa.spec!.maxReplicas).toBe(6);
  });

  it('has the migration Job and the topic creation Job (replication factor 3, min.insync.replicas 2)', () => {
    const migrate = podSpecOf(named(objects, 'Job', 'migrate')!)!.containers[0]!;
    expect(migrate.image).toMatch(/birth-one-thing:/);
    const topics = podSpecOf(named(objects, 'Job', 'create-topics')!)!.containers[0]!;
    expect(topics.env).toEqual(
      expect.arrayContaining([
        { name: 'KAFKA_REPLICATION_FACTOR', value: '3' },
        { name: 'KAFKA_MIN_INSYNC_REPLICAS', value: '2' },
      ]),
    );
  });

  it('lets only the gateway, the saga and the CLI job reach the internal port; Prometheus reaches the main port', () => {
    const policies = ofKind(objects, 'NetworkPolicy') as unknown as { metadata: { name: string }; spec: { ingress?: { from?: { podSelector?: { matchLabels: Record<string, string> } }[]; ports: { port: number }[] }[] } }[];
    const toInternal = policies.flatMap((p) => (p.spec.ingress ?? []).filter((rule) => rule.ports.some((port) => port.port === 8081)));
    const callers = toInternal.flatMap((rule) => (rule.from ?? []).map((peer) => peer.podSelector?.matchLabels['app.kubernetes.io/name']));
    expect(callers.sort()).toEqual(['case-saga', 'cli', 'gateway']);
    expect(named(objects, 'NetworkPolicy', 'default-deny-ingress')).toBeDefined();
    expect(named(objects, 'NetworkPolicy', 'prometheus-scrapes-main-port')).toBeDefined();
  });

  it('names Kafka (three brokers) and PostgreSQL as external services', () => {
    for (const name of ['kafka-0', 'kafka-1', 'kafka-2', 'postgres']) expect((named(objects, 'Service', name)!['spec'] as { type: string }).type).toBe('ExternalName');
  });
});

describe('production and demo differ as they must', () => {
  const production = render('production');
  const demo = render('demo');

  it('the bank simulator is in the demo only', () => {
    expect(named(production, 'Deployment', 'bank-simulator')).toBeUndefined();
    expect(JSON.stringify(production)).not.toContain('bank-simulator');
    expect(named(demo, 'Deployment', 'bank-simulator')).toBeDefined();
  });

  it('production defines no Secret (all come from the secret store); the demo defines all but the sealing keys', () => {
    expect(ofKind(production, 'Secret')).toEqual([]);
    const defined = new Set(ofKind(demo, 'Secret').map((s) => s.metadata.name));
    const missing = [...referencedSecrets(demo)].filter((name) => !defined.has(name)).sort();
    expect(missing).toEqual(['allowance-sealing-public-keys', 'maternity-allowance-sealing-keys']);
    expect([...referencedSecrets(production)].sort()).toEqual([
      'allowance-sealing-public-keys',
      'birth-certificate-secrets',
      'case-saga-secrets',
      'cli-secrets',
      'gateway-secrets',
      'household-registration-secrets',
      'maternity-allowance-sealing-keys',
      'maternity-allowance-secrets',
      'medical-insurance-secrets',
      'migrate-secrets',
      'social-security-card-secrets',
    ]);
  });

  it('production runs the released image in production mode; the demo its local image in development mode', () => {
    expect(podSpecOf(named(production, 'Deployment', 'gateway')!)!.containers[0]!.image).toBe('registry.internal/birth-one-thing:0.1.0');
    expect(podSpecOf(named(demo, 'Deployment', 'gateway')!)!.containers[0]!.image).toBe('birth-one-thing:local');
    expect((named(production, 'ConfigMap', 'service-common')!['data'] as Record<string, string>)['NODE_ENV']).toBe('production');
    expect((named(demo, 'ConfigMap', 'service-common')!['data'] as Record<string, string>)['NODE_ENV']).toBe('development');
  });
});

describe('every program of the demo gets exactly the variables its configuration class declares', () => {
  const demo = render('demo');
  /** Variables a pod gets: its env, and the keys of the ConfigMaps and Secrets it takes whole. */
  function given(name: string): string[] {
    const [container] = podSpecOf(named(demo, 'Deployment', name)!)!.containers;
    const from = (container!.envFrom ?? []) as { configMapRef?: { name: string }; secretRef?: { name: string } }[];
    const keys = from.flatMap((source) => {
      const object = source.configMapRef ? named(demo, 'ConfigMap', source.configMapRef.name) : named(demo, 'Secret', source.secretRef!.name);
      return Object.keys((object?.['data'] ?? object?.['stringData'] ?? {}) as Record<string, string>);
    });
    return [...(container!.env ?? []).map((variable) => variable.name), ...keys];
  }

  it.each(PROGRAMS.map((p) => [p.name, p] as const))('%s', (name, program) => {
    const variables = given(name).filter((v) => v !== 'SERVICE' && !v.startsWith('OTEL_'));
    const declared = declaredVariables(program.configClass);
    expect({
      missing: declared.filter((v) => !variables.includes(v)).sort(),
      undeclared: variables.filter((v) => !declared.includes(v)).sort(),
    }).toEqual({ missing: [], undeclared: [] });
  });
});

describe('mergeStrategic', () => {
  it('merges maps, merges lists of named items by name, replaces other lists', () => {
    expect(
      mergeStrategic(
        { a: 1, env: [{ name: 'X', value: '1' }, { name: 'Y', value: '2' }], args: ['a', 'b'] },
        { b: 2, env: [{ name: 'Y', value: '3' }, { name: 'Z', value: '4' }], args: ['c'] },
      ),
    ).toEqual({ a: 1, b: 2, env: [{ name: 'X', value: '1' }, { name: 'Y', value: '3' }, { name: 'Z', value: '4' }], args: ['c'] });
  });
});
