import { validateBirthSubmission } from '../../apps/gateway/src/intake/domain/validation';
import { namingCorrection, planDelivery, type PlannedDelivery } from './birth-generator';
import { SeededRandom } from './random';
import { SEED_REGIONS } from './seed-regions';

const NOW = new Date('2026-11-20T02:00:00Z');

function plan(seed: number, count: number): PlannedDelivery[] {
  const rng = new SeededRandom(seed);
  return Array.from({ length: count }, (_, i) => planDelivery(rng, { now: NOW, runId: 'r1', sequence: i + 1, region: SEED_REGIONS[i % SEED_REGIONS.length]! }));
}

describe('the birth generator (seeded)', () => {
  const deliveries = plan(42, 600);

  it('plans the same births from the same seed, and others from another seed', () => {
    expect(plan(42, 20)).toEqual(deliveries.slice(0, 20));
    expect(plan(43, 20)).not.toEqual(deliveries.slice(0, 20));
  });

  it('plans births the gateway accepts, except the invalid ones, which it refuses', () => {
    // The first 150 deliveries: the gateway's rules take some milliseconds per birth.
    for (const delivery of deliveries.slice(0, 150)) {
      for (const { submission } of delivery.births) {
        const check = validateBirthSubmission(JSON.parse(JSON.stringify(submission)), { now: NOW });
        const codes = check.ok ? [] : check.errors.map((e) => e.code);
        expect({ birthRecordId: submission.birthRecordId, accepted: check.ok, codes: delivery.invalid ? codes.length > 0 : codes }).toEqual({
          birthRecordId: submission.birthRecordId,
          accepted: delivery.invalid === null,
          codes: delivery.invalid ? true : [],
        });
      }
    }
  });

  it('refuses each kind of invalid submission with its own code', () => {
    const codesOf = (kind: string) =>
      deliveries
        .filter((d) => d.invalid === kind)
        .flatMap((d) => {
          const check = validateBirthSubmission(JSON.parse(JSON.stringify(d.births[0]!.submission)), { now: NOW });
          return check.ok ? ['accepted'] : check.errors.map((e) => e.code);
        });
    expect(new Set(codesOf('weight-out-of-range'))).toEqual(new Set(['NEWBORN_WEIGHT_OUT_OF_RANGE']));
    expect(new Set(codesOf('mother-id-check-character'))).toEqual(new Set(['RESIDENT_ID_CHECKSUM']));
    expect(codesOf('born-in-the-future').length).toBeGreaterThan(0);
    expect(codesOf('consent-not-given').length).toBeGreaterThan(0);
  });

  it('varies the births as real ones do: every variation appears in 600 deliveries', () => {
    const seen = new Set(deliveries.flatMap((d) => d.variations));
    for (const variation of [
      'twins',
      'triplets',
      'caesarean',
      'difficult',
      'named-later',
      'non-local-with-permit',
      'non-local-without-permit',
      'changchun-settlement',
      'mother-uninsured',
      'father-insured',
      'father-uninsured',
      'closed-bank-account',
      'voided',
      'invalid',
    ]) {
      expect({ variation, seen: seen.has(variation as never) }).toEqual({ variation, seen: true });
    }
  });

  it('gives twins and triplets one delivery id and mother, each its own birth order and record id', () => {
    const multiple = deliveries.filter((d) => d.births.length > 1);
    expect(multiple.length).toBeGreaterThan(0);
    for (const delivery of multiple) {
      const plurality = delivery.births.length;
      expect(delivery.births.map((b) => b.submission.newborn.birthOrder)).toEqual(Array.from({ length: plurality }, (_, i) => i + 1));
      expect(new Set(delivery.births.map((b) => b.submission.deliveryId))).toEqual(new Set([delivery.deliveryId]));
      expect(new Set(delivery.births.map((b) => JSON.stringify(b.submission.mother))).size).toBe(1);
      expect(new Set(delivery.births.map((b) => b.submission.birthRecordId)).size).toBe(plurality);
      for (const birth of delivery.births) expect(birth.submission.newborn.plurality).toBe(plurality);
    }
  });

  it('settles a Changchun child of Jilin-city parents in a Changchun district, on the father\'s hukou', () => {
    const settling = deliveries.filter((d) => d.variations.includes('changchun-settlement'));
    for (const { births } of settling) {
      const { submission } = births[0]!;
      expect(submission.hospital.regionCode).toBe('220102');
      expect(submission.application).toMatchObject({ hukouParent: 'father', settlementRegionCode: '220104' });
      expect(submission.father!.hukouRegionCode).toBe('220202');
    }
  });

  it('names a child later by a correction of newborn.name only, under a stable correction id', () => {
    const later = deliveries.find((d) => d.variations.includes('named-later'))!;
    const birth = later.births[0]!;
    expect(birth.submission.newborn.name).toBeNull();
    expect(namingCorrection(birth)).toEqual({ correctionId: `${birth.submission.birthRecordId}-name`, patch: { newborn: { name: birth.nameGivenLater } } });
    const named = deliveries.find((d) => !d.variations.includes('named-later'))!;
    expect(namingCorrection(named.births[0]!)).toBeNull();
  });

  it('opens every account a payment goes to, and closes the mother\'s when her account is to be corrected', () => {
    for (const delivery of deliveries) {
      const { mother, father } = delivery.births[0]!.submission;
      const opened = delivery.accountsToOpen.map((a) => a.number);
      if (mother.bankAccount) expect(opened).toContain(mother.bankAccount.accountNumber);
      if (father?.bankAccount) expect(opened).toContain(father.bankAccount.accountNumber);
      if (delivery.accountToClose) {
        expect(delivery.accountToClose).toBe(mother.bankAccount!.accountNumber);
        expect(delivery.correctedAccount!.accountNumber).not.toBe(delivery.accountToClose);
        expect(opened).toContain(delivery.correctedAccount!.accountNumber);
      }
    }
  });

  it('applies for the allowance only when a parent is insured', () => {
    for (const { births } of deliveries) {
      const { mother, father, application } = births[0]!.submission;
      const anyInsured = mother.maternityInsurance.insured || father!.maternityInsurance.insured;
      expect(application.items.includes('maternity-allowance')).toBe(anyInsured);
    }
  });
});
