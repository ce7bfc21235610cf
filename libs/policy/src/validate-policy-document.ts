import Ajv from 'ajv';
import schema from '../schema/policy-version.schema.json';
import type { LeaveByChildOrder, PolicyVersionDocument, SourcedValue } from './policy-document';
import { POLICY_GROUPS } from './policy-document';
import { isKnownDivision, levelOf, nameOf } from './regions/administrative-divisions';

// Checks a policy version document: first the JSON Schema (shape, types, required national
// values), then what a schema cannot say (real dates, known region codes with their names,
// tables in order, patterns that compile). Every problem is reported at once, each with the
// JSON Pointer of the place inside the document.

export interface PolicyProblem {
  /** JSON Pointer inside the document ("" for the document itself). */
  path: string;
  message: string;
}

/** A policy document that cannot be used: which file (or origin), where inside it, and what is wrong. */
export class PolicyFileError extends Error {
  constructor(
    readonly file: string,
    readonly problems: readonly PolicyProblem[],
  ) {
    super(`${file}: ${problems.map((p) => `${p.path || '/'}: ${p.message}`).join('; ')}`);
    this.name = 'PolicyFileError';
  }
}

const ajv = new Ajv({ allErrors: true, jsonPointers: true });
const validateSchema = ajv.compile(schema);

/** Parses and checks the text of a policy file; `file` names it in the error. */
export function parsePolicyDocument(text: string, file: string): PolicyVersionDocument {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new PolicyFileError(file, [{ path: '', message: `not JSON: ${(error as Error).message}` }]);
  }
  return validatePolicyDocument(json, file);
}

/** Checks a parsed policy document and returns it typed; throws PolicyFileError with every problem. */
export function validatePolicyDocument(json: unknown, file: string): PolicyVersionDocument {
  if (!validateSchema(json)) {
    throw new PolicyFileError(file, schemaProblems(validateSchema.errors ?? []));
  }
  const document = json as PolicyVersionDocument;
  const problems = semanticProblems(document);
  if (problems.length > 0) throw new PolicyFileError(file, problems);
  return document;
}

type SchemaError = NonNullable<typeof validateSchema.errors>[number];

function schemaProblems(errors: readonly SchemaError[]): PolicyProblem[] {
  const problems = errors
    // allOf/oneOf wrappers repeat what their branches already said.
    .filter((error) => error.keyword !== 'allOf' && error.keyword !== 'if')
    .map((error) => {
      const params = error.params as { additionalProperty?: string; missingProperty?: string; allowedValues?: unknown[] };
      if (error.keyword === 'additionalProperties' && params.additionalProperty !== undefined) {
        return { path: `${error.dataPath}/${escapePointer(params.additionalProperty)}`, message: 'is not a known property' };
      }
      if (error.keyword === 'required' && params.missingProperty !== undefined) {
        const missing = params.missingProperty.replace(/^\./, '');
        return { path: `${error.dataPath}/${escapePointer(missing)}`, message: 'is required' };
      }
      if (error.keyword === 'enum' && params.allowedValues) {
        return { path: error.dataPath, message: `should be one of ${params.allowedValues.map((v) => JSON.stringify(v)).join(', ')}` };
      }
      return { path: error.dataPath, message: error.message ?? error.keyword };
    });
  const seen = new Set<string>();
  return problems.filter((problem) => {
    const key = `${problem.path}\u0000${problem.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function semanticProblems(document: PolicyVersionDocument): PolicyProblem[] {
  const problems: PolicyProblem[] = [];
  if (!isRealDate(document.effectiveFrom)) problems.push({ path: '/effectiveFrom', message: 'is not a real date' });
  checkRules('/national/rules', document.national.rules, problems);
  for (const [code, region] of Object.entries(document.regions)) {
    const at = `/regions/${code}`;
    if (!isKnownDivision(code)) {
      problems.push({ path: at, message: 'is not a GB/T 2260 code in the administrative divisions list' });
      continue;
    }
    if (nameOf(code) !== region.name) problems.push({ path: `${at}/name`, message: `should be "${nameOf(code)}", the division's name` });
    checkRules(`${at}/rules`, region.rules, problems, code);
  }
  return problems;
}

type AnyRules = Record<string, Record<string, SourcedValue<unknown>> | undefined>;

function checkRules(at: string, rules: object, problems: PolicyProblem[], regionCode?: string): void {
  const tree = rules as AnyRules;
  for (const group of POLICY_GROUPS) {
    for (const [name, leaf] of Object.entries(tree[group] ?? {})) {
      const path = `${at}/${group}/${name}/value`;
      const value = leaf.value;
      if (group === 'certificates') checkPattern(path, (value as { pattern: string }).pattern, problems);
      if (group === 'maternityLeave' && name === 'totalDaysByChildOrder') checkLeaveTable(path, value as LeaveByChildOrder[], problems);
      if (group === 'medicalInsurance' && name === 'firstYearContributionFenByYear') checkYears(path, value as Record<string, number>, problems);
      if (group === 'householdRegistration' && name === 'settlement') checkSettlement(path, value as { countiesWithin?: string }, problems, regionCode);
    }
  }
}

function checkPattern(path: string, pattern: string, problems: PolicyProblem[]): void {
  try {
    new RegExp(pattern);
  } catch (error) {
    problems.push({ path: `${path}/pattern`, message: `does not compile: ${(error as Error).message}` });
  }
}

function checkLeaveTable(path: string, table: readonly LeaveByChildOrder[], problems: PolicyProblem[]): void {
  if (table[0]?.fromChildOrder !== 1) problems.push({ path: `${path}/0/fromChildOrder`, message: 'the first row should start at child order 1' });
  for (let i = 1; i < table.length; i++) {
    if (table[i].fromChildOrder <= table[i - 1].fromChildOrder) {
      problems.push({ path: `${path}/${i}/fromChildOrder`, message: 'should be greater than the row before' });
    }
  }
}

function checkYears(path: string, byYear: Record<string, number>, problems: PolicyProblem[]): void {
  for (const year of Object.keys(byYear)) {
    if (Number(year) < 2000) problems.push({ path: `${path}/${year}`, message: 'is not a plausible year' });
  }
}

function checkSettlement(path: string, value: { countiesWithin?: string }, problems: PolicyProblem[], regionCode?: string): void {
  const within = value.countiesWithin;
  if (within === undefined) return;
  if (levelOf(within) !== 'prefecture' && levelOf(within) !== 'province') {
    problems.push({ path: `${path}/countiesWithin`, message: 'should be a known prefecture or province code' });
  } else if (regionCode !== undefined && !within.startsWith(regionCode.replace(/(00)+$/, ''))) {
    problems.push({ path: `${path}/countiesWithin`, message: `should lie inside the region ${regionCode} that grants it` });
  } else if (regionCode === undefined) {
    problems.push({ path: `${path}/countiesWithin`, message: 'a named settlement county is a regional rule, not a national one' });
  }
}

function isRealDate(date: string): boolean {
  const parsed = new Date(`${date}T00:00:00Z`);
  return !Number.isNaN(parsed.getTime()) && parsed.toISOString().slice(0, 10) === date;
}

function escapePointer(segment: string): string {
  return segment.replace(/~/g, '~0').replace(/\//g, '~1');
}
