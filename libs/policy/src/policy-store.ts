import { isDeepStrictEqual } from 'node:util';
import type { PolicyGroup, PolicySource, PolicyValues, PolicyVersionDocument, RulePath, SourcedValue } from './policy-document';
import { POLICY_GROUPS } from './policy-document';
import { levelOf } from './regions/administrative-divisions';
import { PolicyFileError, validatePolicyDocument } from './validate-policy-document';

// The versions of the rules a process knows, and the lookup over them.
//
// Which version answers for a date: the one with the latest `effectiveFrom` on or before the
// date; between versions with the same `effectiveFrom` (a correction), the higher number. So a
// correction applies to every decision taken after it is loaded, and a version that takes
// effect later is not affected by it: it must carry the correction itself (add() names such
// versions). Versions never change: a decision that recorded version N can be explained with
// version N forever (rulesFor(..., { version: N })).
//
// Within a version, a value comes from the most specific level that has it: the county, then
// its prefecture, then its province, then the national rules (which have every value).

export type PolicyLevel = 'county' | 'prefecture' | 'province' | 'national';

/** Where one value of an answer came from. */
export interface Provenance {
  level: PolicyLevel;
  /** The region whose rules held the value; null for the national rules. */
  regionCode: string | null;
  version: number;
  /** The file (or origin, such as a topic and offset) the version was loaded from. */
  origin: string;
  source: PolicySource;
  verify: boolean;
  note?: string;
}

/** The answer of rulesFor: every value, the version that gave them, and where each came from. */
export interface ResolvedRules {
  version: number;
  effectiveFrom: string;
  regionCode: string;
  onDate: string;
  /** The levels looked at, most specific first (only those with a code: national is implied last). */
  chain: readonly { level: Exclude<PolicyLevel, 'national'>; regionCode: string }[];
  values: Readonly<PolicyValues>;
  provenance: Readonly<Record<RulePath, Provenance>>;
}

export interface VersionSummary {
  version: number;
  effectiveFrom: string;
  description: string;
  origin: string;
}

/** What add() did. */
export interface AddResult {
  version: number;
  /** false when the same document was already known (a redelivery): nothing changed. */
  added: boolean;
  /** Versions that take effect later than this one: they do not carry this version's changes. */
  laterVersions: readonly number[];
}

export type PolicyLookupErrorCode = 'INVALID_DATE' | 'REGION_UNKNOWN' | 'NO_VERSION_IN_EFFECT' | 'VERSION_UNKNOWN';

export class PolicyLookupError extends Error {
  constructor(
    readonly code: PolicyLookupErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'PolicyLookupError';
  }
}

/** A version number already known with different content: versions are immutable. */
export class PolicyVersionConflictError extends Error {
  constructor(
    readonly version: number,
    readonly origin: string,
    readonly knownOrigin: string,
  ) {
    super(`policy version ${version} from ${origin} differs from the version ${version} already loaded from ${knownOrigin}: versions are immutable, give the change a new number`);
    this.name = 'PolicyVersionConflictError';
  }
}

interface StoredVersion {
  document: PolicyVersionDocument;
  origin: string;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

export class PolicyStore {
  private readonly byVersion = new Map<number, StoredVersion>();
  /** Sorted by effectiveFrom, then version: the last one on or before a date answers. */
  private ordered: StoredVersion[] = [];
  /**
   * What rulesFor resolved for a version and a region, frozen: a stored version never changes,
   * and resolving every rule through the chain and deep-freezing it again on each call (several
   * per birth at the gateway's intake) was measurable CPU (bench/README.md, intake, 2026-12-01).
   */
  private readonly resolved = new WeakMap<StoredVersion, Map<string, RegionRules>>();

  /** Adds a version after checking it (JSON Schema and the rest); `origin` names it in errors and provenance. */
  add(document: unknown, origin: string): AddResult {
    const checked = validatePolicyDocument(document, origin);
    const known = this.byVersion.get(checked.version);
    if (known) {
      if (!isDeepStrictEqual(withoutSchemaKey(known.document), withoutSchemaKey(checked))) {
        throw new PolicyVersionConflictError(checked.version, origin, known.origin);
      }
      return { version: checked.version, added: false, laterVersions: this.laterThan(known.document) };
    }
    const stored: StoredVersion = { document: deepFreeze(structuredClone(checked)), origin };
    this.byVersion.set(checked.version, stored);
    this.ordered = [...this.ordered, stored].sort(
      (a, b) => a.document.effectiveFrom.localeCompare(b.document.effectiveFrom) || a.document.version - b.document.version,
    );
    return { version: checked.version, added: true, laterVersions: this.laterThan(stored.document) };
  }

  versions(): readonly VersionSummary[] {
    return this.ordered.map(({ document, origin }) => ({
      version: document.version,
      effectiveFrom: document.effectiveFrom,
      description: document.description,
      origin,
    }));
  }

  /** The document of a version, frozen; undefined when unknown. */
  document(version: number): PolicyVersionDocument | undefined {
    return this.byVersion.get(version)?.document;
  }

  /** The version that answers for a China date (`YYYY-MM-DD`). */
  versionOn(onDate: string): number {
    return this.storedOn(onDate).document.version;
  }

  /**
   * Every rule for a region on a China date (`YYYY-MM-DD`): the date of birth for leave and
   * eligibility, the acceptance date for the insurance window. With `version`, that version
   * answers whatever its effective date (to explain a decision that recorded it).
   */
  rulesFor(regionCode: string, onDate: string, options: { version?: number } = {}): ResolvedRules {
    const stored = this.storedFor(onDate, options.version);
    let byRegion = this.resolved.get(stored);
    if (!byRegion) this.resolved.set(stored, (byRegion = new Map()));
    let rules = byRegion.get(regionCode);
    if (!rules) byRegion.set(regionCode, (rules = resolve(stored, regionCode)));
    const { document } = stored;
    return Object.freeze({ version: document.version, effectiveFrom: document.effectiveFrom, regionCode, onDate, ...rules });
  }

  /** The prefectures whose rules say `platform.served: true` in the version in effect on a date. */
  servedPrefectures(onDate: string): readonly string[] {
    const { document } = this.storedOn(onDate);
    return Object.keys(document.regions)
      .filter((code) => levelOf(code) === 'prefecture' && this.rulesFor(code, onDate).values.platform.served)
      .sort();
  }

  private storedFor(onDate: string, version?: number): StoredVersion {
    if (version === undefined) return this.storedOn(onDate);
    checkDate(onDate);
    const stored = this.byVersion.get(version);
    if (!stored) throw new PolicyLookupError('VERSION_UNKNOWN', `policy version ${version} is not loaded`);
    return stored;
  }

  private storedOn(onDate: string): StoredVersion {
    checkDate(onDate);
    let answer: StoredVersion | undefined;
    for (const stored of this.ordered) {
      if (stored.document.effectiveFrom <= onDate) answer = stored;
    }
    if (!answer) throw new PolicyLookupError('NO_VERSION_IN_EFFECT', `no policy version is in effect on ${onDate}`);
    return answer;
  }

  private laterThan(document: PolicyVersionDocument): number[] {
    return this.ordered.filter((s) => s.document.effectiveFrom > document.effectiveFrom).map((s) => s.document.version);
  }
}

/** The part of rulesFor's answer that depends on the version and the region only. */
type RegionRules = Pick<ResolvedRules, 'chain' | 'values' | 'provenance'>;

/** Every rule of a stored version for a region, through its chain (county, prefecture, province, national). */
function resolve(stored: StoredVersion, regionCode: string): RegionRules {
  const chain = chainOf(regionCode);
  const { document, origin } = stored;
  const values: Record<string, Record<string, unknown>> = {};
  const provenance: Record<string, Provenance> = {};
  for (const group of POLICY_GROUPS) {
    values[group] = {};
    for (const name of Object.keys(document.national.rules[group])) {
      const found = lookUp(document, chain, group, name);
      values[group][name] = found.leaf.value;
      provenance[`${group}.${name}`] = {
        level: found.level,
        regionCode: found.regionCode,
        version: document.version,
        origin,
        source: found.leaf.source,
        verify: found.leaf.verify === true,
        ...(found.leaf.note === undefined ? {} : { note: found.leaf.note }),
      };
    }
  }
  return deepFreeze({ chain, values: values as unknown as PolicyValues, provenance: provenance as Record<RulePath, Provenance> });
}

/** The levels a region code resolves through, most specific first (national is implied). */
function chainOf(regionCode: string): ResolvedRules['chain'] {
  const level = levelOf(regionCode);
  if (level === undefined) throw new PolicyLookupError('REGION_UNKNOWN', `${JSON.stringify(regionCode)} is not a GB/T 2260 code in the administrative divisions list`);
  const province = `${regionCode.slice(0, 2)}0000`;
  const prefecture = `${regionCode.slice(0, 4)}00`;
  if (level === 'province') return [{ level: 'province', regionCode }];
  if (level === 'prefecture') return [{ level: 'prefecture', regionCode }, { level: 'province', regionCode: province }];
  return [
    { level: 'county', regionCode },
    { level: 'prefecture', regionCode: prefecture },
    { level: 'province', regionCode: province },
  ];
}

function lookUp(
  document: PolicyVersionDocument,
  chain: ResolvedRules['chain'],
  group: PolicyGroup,
  name: string,
): { leaf: SourcedValue<unknown>; level: PolicyLevel; regionCode: string | null } {
  for (const { level, regionCode } of chain) {
    const leaf = (document.regions[regionCode]?.rules[group] as Record<string, SourcedValue<unknown>> | undefined)?.[name];
    if (leaf) return { leaf, level, regionCode };
  }
  const leaf = (document.national.rules[group] as Record<string, SourcedValue<unknown>>)[name];
  return { leaf, level: 'national', regionCode: null };
}

function checkDate(onDate: string): void {
  const parsed = typeof onDate === 'string' && DATE.test(onDate) ? new Date(`${onDate}T00:00:00Z`) : undefined;
  if (!parsed || Number.isNaN(parsed.getTime()) || parsed.toISOString().slice(0, 10) !== onDate) {
    throw new PolicyLookupError('INVALID_DATE', `${JSON.stringify(onDate)} is not a China calendar date YYYY-MM-DD`);
  }
}

function withoutSchemaKey(document: PolicyVersionDocument): Omit<PolicyVersionDocument, '$schema'> {
  const rest: Partial<PolicyVersionDocument> = { ...document };
  delete rest.$schema;
  return rest as Omit<PolicyVersionDocument, '$schema'>;
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const inner of Object.values(value)) deepFreeze(inner);
  }
  return value;
}

export { PolicyFileError };
