import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DELIVERY_MODES, INSURED_CATEGORIES } from '@birth/contracts';
import schema from '../schema/policy-version.schema.json';
import { REPOSITORY_POLICY_DIRECTORY, loadPolicyDirectory } from './repository-versions';
import { PolicyFileError, parsePolicyDocument, validatePolicyDocument } from './validate-policy-document';

// A bad policy file is refused with the file, the JSON Pointer inside it and what is wrong.

function repositoryJson(): Record<string, unknown> {
  return JSON.parse(readFileSync(join(REPOSITORY_POLICY_DIRECTORY, 'policy-v1.json'), 'utf8'));
}

function problemsOf(json: unknown): { file: string; problems: readonly { path: string; message: string }[] } {
  try {
    validatePolicyDocument(json, 'broken.json');
  } catch (error) {
    if (error instanceof PolicyFileError) return { file: error.file, problems: error.problems };
    throw error;
  }
  throw new Error('the document was accepted');
}

/** Edits the parsed JSON in place through a path of keys. */
function at(json: Record<string, unknown>, ...keys: string[]): Record<string, unknown> {
  return keys.reduce<Record<string, unknown>>((node, key) => node[key] as Record<string, unknown>, json);
}

describe('policy file validation', () => {
  it('accepts every file of the repository', () => {
    expect(loadPolicyDirectory().versions().map((v) => v.origin)).toEqual(['libs/policy/data/policy-v1.json']);
  });

  it('names the file, the path and the problem of a bad file in a directory, and loads nothing from it', () => {
    const directory = mkdtempSync(join(tmpdir(), 'policy-'));
    try {
      const json = repositoryJson();
      at(json, 'national', 'rules', 'sla', 'householdRegistration').value = 0;
      writeFileSync(join(directory, 'policy-v1.json'), JSON.stringify(json));
      let caught: unknown;
      try {
        loadPolicyDirectory(directory);
      } catch (error) {
        caught = error;
      }
      expect(caught).toBeInstanceOf(PolicyFileError);
      const error = caught as PolicyFileError;
      expect(error.file.endsWith('policy-v1.json')).toBe(true);
      expect(error.problems).toEqual([{ path: '/national/rules/sla/householdRegistration/value', message: 'should be >= 1' }]);
      expect(error.message).toContain('policy-v1.json: /national/rules/sla/householdRegistration/value: should be >= 1');
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  });

  it('reports text that is not JSON at the top of the file', () => {
    expect(() => parsePolicyDocument('{"version": 1,', 'data/policy-v9.json')).toThrow(
      expect.objectContaining({ file: 'data/policy-v9.json', problems: [{ path: '', message: expect.stringMatching(/^not JSON: /) }] }),
    );
  });

  it('reports a missing national value, an unknown property and a wrong type, all at once', () => {
    const json = repositoryJson();
    delete at(json, 'national', 'rules', 'paternityLeave').coupleApartDays;
    at(json, 'national', 'rules', 'intake').windowDays = { value: 90, source: { kind: 'domain', document: 'DOMAIN.md' } };
    at(json, 'regions', '210200', 'rules', 'paternityLeave', 'days').value = '20';
    const { file, problems } = problemsOf(json);
    expect(file).toBe('broken.json');
    expect(problems).toEqual(
      expect.arrayContaining([
        { path: '/national/rules/paternityLeave/coupleApartDays', message: 'is required' },
        { path: '/national/rules/intake/windowDays', message: 'is not a known property' },
        { path: '/regions/210200/rules/paternityLeave/days/value', message: 'should be integer' },
      ]),
    );
    expect(problems).toHaveLength(3);
  });

  it('reports a value without its source, and a source of an unknown kind', () => {
    const json = repositoryJson();
    delete at(json, 'regions', '220100', 'rules', 'paternityLeave', 'days').source;
    at(json, 'regions', '610300', 'rules', 'paternityLeave', 'days', 'source').kind = 'rumour';
    expect(problemsOf(json).problems).toEqual([
      { path: '/regions/220100/rules/paternityLeave/days/source', message: 'is required' },
      { path: '/regions/610300/rules/paternityLeave/days/source/kind', message: 'should be one of "seed", "regulation", "domain", "platform-default"' },
    ]);
  });

  it('reports an unknown region code, a name that does not match its code, and an insured category that does not exist', () => {
    const json = repositoryJson();
    const regions = at(json, 'regions');
    regions['330640'] = regions['330604'];
    at(json, 'regions', '220100').name = '吉林市';
    at(json, 'regions', '610300', 'rules', 'maternityInsurance', 'insuredCategories').value = ['employee', 'farmer'];
    expect(problemsOf(json).problems).toEqual(
      expect.arrayContaining([
        { path: '/regions/610300/rules/maternityInsurance/insuredCategories/value/1', message: 'should be one of "employee", "flexible-employment", "unemployment-benefit"' },
      ]),
    );
    delete at(json, 'regions', '610300', 'rules', 'maternityInsurance').insuredCategories;
    expect(problemsOf(json).problems).toEqual([
      { path: '/regions/220100/name', message: 'should be "长春市", the division\'s name' },
      { path: '/regions/330640', message: 'is not a GB/T 2260 code in the administrative divisions list' },
    ]);
  });

  it('reports what the schema cannot see: dates, table order, patterns, settlement outside the region', () => {
    const json = repositoryJson();
    json.effectiveFrom = '2025-02-30';
    at(json, 'regions', '330604', 'rules', 'maternityLeave', 'totalDaysByChildOrder').value = [
      { fromChildOrder: 1, days: 158 },
      { fromChildOrder: 1, days: 188 },
    ];
    at(json, 'national', 'rules', 'certificates', 'birthCertificateNumber', 'value').pattern = '^[A-Z$';
    at(json, 'regions', '220100', 'rules', 'householdRegistration', 'settlement', 'value').countiesWithin = '210200';
    const { problems } = problemsOf(json);
    expect(problems.map((p) => p.path)).toEqual([
      '/effectiveFrom',
      '/national/rules/certificates/birthCertificateNumber/value/pattern',
      '/regions/220100/rules/householdRegistration/settlement/value/countiesWithin',
      '/regions/330604/rules/maternityLeave/totalDaysByChildOrder/value/1/fromChildOrder',
    ]);
    expect(problems[0].message).toBe('is not a real date');
    expect(problems[2].message).toBe('should lie inside the region 220100 that grants it');
  });

  it('lists the same insured categories and delivery modes as the contracts', () => {
    type ListOfValues = { allOf: [unknown, { properties: { value: { items: { enum: string[] } } } }] };
    const valuesOf = (definition: unknown) => (definition as ListOfValues).allOf[1].properties.value.items.enum;
    expect(valuesOf(schema.definitions.insuredCategories)).toEqual([...INSURED_CATEGORIES]);
    expect(valuesOf(schema.definitions.deliveryModes)).toEqual([...DELIVERY_MODES]);
  });
});
