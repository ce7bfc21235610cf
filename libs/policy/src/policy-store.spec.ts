import type { PolicyVersionDocument } from './policy-document';
import { PolicyLookupError, PolicyStore, PolicyVersionConflictError } from './policy-store';
import { loadPolicyDirectory } from './repository-versions';

// The lookup over versions and levels. The documents are the repository's first version with
// values replaced by the figures below, so every expectation is a literal of this file.

type Writable<T> = { -readonly [K in keyof T]: Writable<T[K]> };

const source = { kind: 'domain' as const, document: 'policy-store.spec.ts' };

function repositoryDocument(): Writable<PolicyVersionDocument> {
  return structuredClone(loadPolicyDirectory().document(1)) as Writable<PolicyVersionDocument>;
}

/** A document whose paternity days differ at every level of Zhejiang: 7 national, 11 province, 12 prefecture, 13 Shangyu. */
function layeredDocument(version: number, effectiveFrom: string): Writable<PolicyVersionDocument> {
  const document = repositoryDocument();
  document.version = version;
  document.effectiveFrom = effectiveFrom;
  document.description = `test version ${version}`;
  document.national.rules.paternityLeave.days = { value: 7, source };
  document.regions['330000'] = { name: '浙江省', rules: { paternityLeave: { days: { value: 11, source, verify: true } } } };
  document.regions['330600'] = { name: '绍兴市', rules: { ...document.regions['330600'].rules, paternityLeave: { days: { value: 12, source } } } };
  document.regions['330604'].rules.paternityLeave = { days: { value: 13, source, note: 'county' } };
  return document;
}

function withShangyuPaternityDays(base: Writable<PolicyVersionDocument>, version: number, effectiveFrom: string, days: number) {
  const document = structuredClone(base);
  document.version = version;
  document.effectiveFrom = effectiveFrom;
  document.description = `test version ${version}: Shangyu paternity ${days} days`;
  document.regions['330604'].rules.paternityLeave = { days: { value: days, source } };
  return document;
}

describe('PolicyStore', () => {
  describe('lookup precedence: county, prefecture, province, national', () => {
    const store = new PolicyStore();
    store.add(layeredDocument(1, '2024-01-01'), 'layered.json');
    const ON = '2026-03-01';

    it('takes the county value first', () => {
      const rules = store.rulesFor('330604', ON);
      expect(rules.values.paternityLeave.days).toBe(13);
      expect(rules.provenance['paternityLeave.days']).toEqual({
        level: 'county',
        regionCode: '330604',
        version: 1,
        origin: 'layered.json',
        source,
        verify: false,
        note: 'county',
      });
    });

    it('then the prefecture, for another county of it', () => {
      expect(store.rulesFor('330602', ON).values.paternityLeave.days).toBe(12);
      expect(store.rulesFor('330602', ON).provenance['paternityLeave.days']).toMatchObject({ level: 'prefecture', regionCode: '330600' });
      expect(store.rulesFor('330600', ON).values.paternityLeave.days).toBe(12);
    });

    it('then the province, for a county of another prefecture', () => {
      const rules = store.rulesFor('330102', ON);
      expect(rules.values.paternityLeave.days).toBe(11);
      expect(rules.provenance['paternityLeave.days']).toMatchObject({ level: 'province', regionCode: '330000', verify: true });
      expect(rules.chain).toEqual([
        { level: 'county', regionCode: '330102' },
        { level: 'prefecture', regionCode: '330100' },
        { level: 'province', regionCode: '330000' },
      ]);
    });

    it('then the national rules, for any other region', () => {
      const rules = store.rulesFor('440103', ON);
      expect(rules.values.paternityLeave.days).toBe(7);
      expect(rules.provenance['paternityLeave.days']).toMatchObject({ level: 'national', regionCode: null });
      expect(store.rulesFor('440000', ON).chain).toEqual([{ level: 'province', regionCode: '440000' }]);
    });

    it('resolves each value on its own: one answer mixes levels', () => {
      const rules = store.rulesFor('330604', ON);
      expect(rules.provenance['paternityLeave.days'].level).toBe('county');
      expect(rules.provenance['platform.served'].level).toBe('prefecture');
      expect(rules.provenance['intake.window'].level).toBe('national');
    });

    it('refuses an unknown region and a date that is not a China calendar date', () => {
      expect(() => store.rulesFor('330640', ON)).toThrow(expect.objectContaining({ code: 'REGION_UNKNOWN' }));
      expect(() => store.rulesFor('220171', ON)).toThrow(PolicyLookupError);
      for (const date of ['2026-02-30', '2026-3-1', '2026-03-01T00:00:00+08:00', '']) {
        expect(() => store.rulesFor('330604', date)).toThrow(expect.objectContaining({ code: 'INVALID_DATE' }));
      }
    });
  });

  describe('effective dates', () => {
    const base = layeredDocument(1, '2024-01-01');

    it('answers with the version in effect on each side of a change', () => {
      const store = new PolicyStore();
      store.add(base, 'v1.json');
      store.add(withShangyuPaternityDays(base, 2, '2026-07-01', 30), 'v2.json');
      expect(store.rulesFor('330604', '2026-06-30')).toMatchObject({ version: 1, effectiveFrom: '2024-01-01', values: { paternityLeave: { days: 13 } } });
      expect(store.rulesFor('330604', '2026-07-01')).toMatchObject({ version: 2, effectiveFrom: '2026-07-01', values: { paternityLeave: { days: 30 } } });
      expect(store.versionOn('2024-01-01')).toBe(1);
      expect(store.versionOn('2030-01-01')).toBe(2);
      expect(() => store.rulesFor('330604', '2023-12-31')).toThrow(expect.objectContaining({ code: 'NO_VERSION_IN_EFFECT' }));
    });

    it('lets a correction with the same effective date win, and names the later versions it does not reach', () => {
      const store = new PolicyStore();
      store.add(base, 'v1.json');
      store.add(withShangyuPaternityDays(base, 2, '2026-07-01', 30), 'v2.json');
      const result = store.add(withShangyuPaternityDays(base, 3, '2024-01-01', 14), 'v3.json');
      expect(result).toEqual({ version: 3, added: true, laterVersions: [2] });
      expect(store.rulesFor('330604', '2025-05-05')).toMatchObject({ version: 3, values: { paternityLeave: { days: 14 } } });
      expect(store.rulesFor('330604', '2026-07-01')).toMatchObject({ version: 2, values: { paternityLeave: { days: 30 } } });
      expect(store.versions().map((v) => [v.version, v.effectiveFrom, v.origin])).toEqual([
        [1, '2024-01-01', 'v1.json'],
        [3, '2024-01-01', 'v3.json'],
        [2, '2026-07-01', 'v2.json'],
      ]);
    });

    it('keeps the version of a decision taken before a new one was loaded', () => {
      const store = new PolicyStore();
      store.add(base, 'v1.json');
      const decision = store.rulesFor('330604', '2026-03-01');
      store.add(withShangyuPaternityDays(base, 2, '2024-01-01', 21), 'v2.json');
      expect(store.rulesFor('330604', '2026-03-01')).toMatchObject({ version: 2, values: { paternityLeave: { days: 21 } } });
      expect(decision).toMatchObject({ version: 1, values: { paternityLeave: { days: 13 } } });
      const replayed = store.rulesFor('330604', '2026-03-01', { version: decision.version });
      expect(replayed.values).toEqual(decision.values);
      expect(replayed.provenance).toEqual(decision.provenance);
      expect(() => store.rulesFor('330604', '2026-03-01', { version: 9 })).toThrow(expect.objectContaining({ code: 'VERSION_UNKNOWN' }));
    });
  });

  describe('versions are immutable', () => {
    it('takes the same document twice as one (a redelivered message), whatever its $schema', () => {
      const store = new PolicyStore();
      const document = layeredDocument(1, '2024-01-01');
      expect(store.add(document, 'v1.json').added).toBe(true);
      const again = structuredClone(document);
      delete again.$schema;
      expect(store.add(again, 'policy.versions.v1@0:17')).toEqual({ version: 1, added: false, laterVersions: [] });
      expect(store.versions()).toHaveLength(1);
    });

    it('refuses other content under a known version number', () => {
      const store = new PolicyStore();
      const base = layeredDocument(1, '2024-01-01');
      store.add(base, 'v1.json');
      const changed = withShangyuPaternityDays(base, 1, '2024-01-01', 99);
      expect(() => store.add(changed, 'edited.json')).toThrow(PolicyVersionConflictError);
      expect(store.rulesFor('330604', '2026-03-01').values.paternityLeave.days).toBe(13);
    });

    it('freezes what it stores and what it answers, so no caller can change a version', () => {
      const store = new PolicyStore();
      const document = layeredDocument(1, '2024-01-01');
      store.add(document, 'v1.json');
      document.regions['330604'].rules.paternityLeave!.days!.value = 50; // the caller's copy, not the store's
      const rules = store.rulesFor('330604', '2026-03-01');
      expect(rules.values.paternityLeave.days).toBe(13);
      expect(() => {
        (rules.values.paternityLeave as { days: number }).days = 1;
      }).toThrow(TypeError);
      expect(() => {
        (store.document(1)!.national.rules.sla.birthCertificate as { value: number }).value = 2;
      }).toThrow(TypeError);
    });

    it('resolves a region once per version, and still answers each date and version as asked', () => {
      const store = new PolicyStore();
      store.add(layeredDocument(1, '2024-01-01'), 'v1.json');
      const first = store.rulesFor('330604', '2026-03-01');
      const again = store.rulesFor('330604', '2026-03-02');
      expect(again.values).toBe(first.values);
      expect(again).toMatchObject({ onDate: '2026-03-02', regionCode: '330604', version: 1 });
      expect(Object.isFrozen(again)).toBe(true);
      store.add(withShangyuPaternityDays(layeredDocument(2, '2026-07-01'), 2, '2026-07-01', 30), 'v2.json');
      expect(store.rulesFor('330604', '2026-07-01').values.paternityLeave.days).toBe(30);
      expect(store.rulesFor('330604', '2026-07-01', { version: 1 }).values).toBe(first.values);
      expect(store.rulesFor('330602', '2026-03-01').values).not.toBe(first.values);
    });

    it('checks a document before it takes it, naming its origin', () => {
      const store = new PolicyStore();
      const bad = layeredDocument(1, '2024-01-01');
      (bad.national.rules.sla.birthCertificate as { value: unknown }).value = 'one';
      expect(() => store.add(bad, 'policy.versions.v1@0:3')).toThrow(
        expect.objectContaining({
          name: 'PolicyFileError',
          file: 'policy.versions.v1@0:3',
          problems: [{ path: '/national/rules/sla/birthCertificate/value', message: 'should be integer' }],
        }),
      );
      expect(store.versions()).toEqual([]);
    });
  });
});
