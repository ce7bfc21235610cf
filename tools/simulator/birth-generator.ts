import type { BankAccountV1, BirthSubmissionV1, DeliveryMode, InsuredCategory, MaternityInsuranceV1 } from '@birth/contracts';
import { bankAccountNumber, childName, mobilePhone, personName, residentIdNumber, surnameOf, withWrongCheckCharacter } from './people';
import type { SeededRandom } from './random';
import { CHANGCHUN_SETTLEMENT_COUNTY, ELSEWHERE, JILIN_CITY, type SeedRegion } from './seed-regions';

// The births a simulated hospital sends: pure, from a seeded random generator, so the same seed
// plans the same run. One planned delivery is one mother giving birth: one submission per baby
// (twins and triplets share the delivery id), and what happens to it afterwards (named a day
// later, voided, the mother's account closed and corrected by a clerk), or one invalid submission.

/** What a planned delivery shows, for the summary and the tests. */
export type Variation =
  | 'twins'
  | 'triplets'
  | 'caesarean'
  | 'difficult'
  | 'named-later'
  | 'non-local-with-permit'
  | 'non-local-without-permit'
  | 'changchun-settlement'
  | 'mother-uninsured'
  | 'father-insured'
  | 'father-uninsured'
  | 'closed-bank-account'
  | 'voided'
  | 'invalid';

/** How often each variation happens, per delivery. Invalid, voided and closed-account deliveries are singletons. */
export const VARIATION_RATES = {
  twins: 0.05,
  triplets: 0.01,
  caesarean: 0.3,
  assisted: 0.07,
  namedLater: 0.35,
  nonLocalWithPermit: 0.15,
  nonLocalWithoutPermit: 0.1,
  /** Of the Changchun hospital's deliveries. */
  changchunSettlement: 0.25,
  motherInsured: 0.8,
  fatherInsured: 0.5,
  closedBankAccount: 0.04,
  voided: 0.02,
  invalid: 0.03,
} as const;

/** The kinds of invalid submission, each refused by the gateway with its own code. */
export const INVALID_KINDS = ['weight-out-of-range', 'mother-id-check-character', 'born-in-the-future', 'consent-not-given'] as const;
export type InvalidKind = (typeof INVALID_KINDS)[number];

export interface PlannedBirth {
  /** The application as sent (an invalid one is still JSON of this shape, only wrong). */
  submission: BirthSubmissionV1;
  /** The newborn's name the hospital sends a day later as a correction; null when named at once. */
  nameGivenLater: string | null;
}

export interface BankAccountToOpen {
  number: string;
  holderName: string;
}

export interface PlannedDelivery {
  sequence: number;
  hospitalId: string;
  deliveryId: string;
  variations: Variation[];
  births: PlannedBirth[];
  /** Set when the submission is meant to be refused. */
  invalid: InvalidKind | null;
  /** Set when the hospital voids the (single) birth after it was accepted. */
  voidReason: string | null;
  /** The accounts the bank must hold for the payments to go through (opened before sending). */
  accountsToOpen: BankAccountToOpen[];
  /** The mother's account number closed at the bank before sending: her payment is rejected. */
  accountToClose: string | null;
  /** The account a clerk records for her afterwards. */
  correctedAccount: BankAccountV1 | null;
}

export interface DeliveryContext {
  /** The hospital's time of sending. */
  now: Date;
  /** Distinguishes this run's record ids from other runs' (letters, digits and '-'). */
  runId: string;
  /** The delivery's number within the run, from 1. */
  sequence: number;
  region: SeedRegion;
}

type Origin = 'local' | 'non-local-with-permit' | 'non-local-without-permit' | 'changchun-settlement';

interface Home {
  county: string;
  addressPrefix: string;
  /** Where a non-local parent holds a residence permit, if any. */
  residencePermit: string | null;
}

function homeOf(rng: SeededRandom, origin: Origin, region: SeedRegion): Home {
  switch (origin) {
    case 'local':
      return { county: region.county, addressPrefix: region.addressPrefix, residencePermit: null };
    case 'changchun-settlement':
      return { county: JILIN_CITY.county, addressPrefix: JILIN_CITY.addressPrefix, residencePermit: region.otherCounty };
    default: {
      const elsewhere = rng.pick(ELSEWHERE);
      return { county: elsewhere.county, addressPrefix: elsewhere.addressPrefix, residencePermit: origin === 'non-local-with-permit' ? region.otherCounty : null };
    }
  }
}

function originOf(rng: SeededRandom, region: SeedRegion): Origin {
  if (region.prefecture === '220100' && rng.chance(VARIATION_RATES.changchunSettlement)) return 'changchun-settlement';
  const roll = rng.next();
  if (roll < VARIATION_RATES.nonLocalWithPermit) return 'non-local-with-permit';
  if (roll < VARIATION_RATES.nonLocalWithPermit + VARIATION_RATES.nonLocalWithoutPermit) return 'non-local-without-permit';
  return 'local';
}

function insurance(rng: SeededRandom, insured: boolean, region: SeedRegion): MaternityInsuranceV1 {
  if (!insured) return { insured: false };
  const category: InsuredCategory = region.alsoInsured.length && rng.chance(0.3) ? rng.pick(region.alsoInsured) : 'employee';
  return {
    insured: true,
    insuringRegionCode: region.prefecture,
    ...(category === 'employee' ? { employerId: `91${region.prefecture}SIM${rng.digits(7)}`, employerAverageMonthlyWageFen: rng.int(450_000, 1_500_000) } : {}),
    insuredCategory: category,
    contributionMonths: rng.int(6, 120),
  };
}

function address(rng: SeededRandom, home: Home): string {
  return `${home.addressPrefix}${rng.int(1, 300)}号`;
}

function deliveryMode(rng: SeededRandom): { mode: DeliveryMode; difficult: boolean } {
  const roll = rng.next();
  const mode: DeliveryMode = roll < VARIATION_RATES.caesarean ? 'caesarean' : roll < VARIATION_RATES.caesarean + VARIATION_RATES.assisted ? 'assisted' : 'vaginal';
  const difficult = rng.chance(mode === 'caesarean' ? 0.3 : mode === 'assisted' ? 0.5 : 0.05);
  return { mode, difficult };
}

/** Plans one delivery of the hospital in `context.region`: its births and what happens to them. */
export function planDelivery(rng: SeededRandom, context: DeliveryContext): PlannedDelivery {
  const { now, runId, sequence, region } = context;
  const variations: Variation[] = [];
  const invalid: InvalidKind | null = rng.chance(VARIATION_RATES.invalid) ? rng.pick(INVALID_KINDS) : null;
  const voided = !invalid && rng.chance(VARIATION_RATES.voided);
  const single = invalid !== null || voided;
  const plurality = single ? 1 : rng.chance(VARIATION_RATES.triplets) ? 3 : rng.chance(VARIATION_RATES.twins) ? 2 : 1;
  if (plurality === 2) variations.push('twins');
  if (plurality === 3) variations.push('triplets');

  const delivery = deliveryMode(rng);
  if (delivery.mode === 'caesarean') variations.push('caesarean');
  if (delivery.difficult) variations.push('difficult');

  const origin = originOf(rng, region);
  if (origin !== 'local') variations.push(origin);
  const home = homeOf(rng, origin, region);

  const motherInsured = rng.chance(VARIATION_RATES.motherInsured);
  const fatherInsured = rng.chance(VARIATION_RATES.fatherInsured);
  if (!motherInsured) variations.push('mother-uninsured');
  variations.push(fatherInsured ? 'father-insured' : 'father-uninsured');
  const allowance = motherInsured || fatherInsured;

  const motherName = personName(rng);
  const fatherName = personName(rng);
  const motherAccount: BankAccountV1 = { bankName: region.bankName, accountNumber: bankAccountNumber(rng), accountName: motherName };
  const fatherAccount: BankAccountV1 = { bankName: region.bankName, accountNumber: bankAccountNumber(rng), accountName: fatherName };
  const closedAccount = !single && motherInsured && rng.chance(VARIATION_RATES.closedBankAccount);
  if (closedAccount) variations.push('closed-bank-account');
  const correctedAccount: BankAccountV1 | null = closedAccount ? { bankName: region.bankName, accountNumber: bankAccountNumber(rng), accountName: motherName } : null;

  // A birth the hospital voids is never named afterwards (a name for it would only be refused, 409).
  // The draw is made all the same: a seed plans the same births as before.
  const namedLater = !invalid && rng.chance(VARIATION_RATES.namedLater) && !voided;
  if (namedLater) variations.push('named-later');
  if (voided) variations.push('voided');
  if (invalid) variations.push('invalid');

  const motherPhone = mobilePhone(rng);
  const motherId = residentIdNumber(rng, home.county, now, rng.int(22, 40), 'female');
  const settling = origin === 'changchun-settlement';
  const hukouParent = settling ? 'father' : 'mother';
  const firstBornAt = now.getTime() - rng.int(60, 8 * 60) * 60_000;
  const livingChildrenBefore = rng.pick([0, 0, 0, 1, 1, 2]);
  const coupleLivesApart = rng.chance(0.05);
  const gestationWeeks = plurality === 1 ? rng.int(37, 41) : plurality === 2 ? rng.int(35, 38) : rng.int(32, 35);
  const gestationDays = rng.int(0, 6);
  const prefix = `${region.recordPrefix}-${runId}-${String(sequence).padStart(6, '0')}`;
  const deliveryId = `${region.recordPrefix}-D-${runId}-${String(sequence).padStart(6, '0')}`;
  const mother: BirthSubmissionV1['mother'] = {
    name: motherName,
    identity: { type: 'resident-id', number: invalid === 'mother-id-check-character' ? withWrongCheckCharacter(motherId) : motherId },
    hukouRegionCode: home.county,
    hukouAddress: address(rng, home),
    ...(home.residencePermit ? { residencePermitRegionCode: home.residencePermit } : {}),
    phone: motherPhone,
    livingChildrenBefore,
    maternityInsurance: insurance(rng, motherInsured, region),
    ...(allowance ? { bankAccount: motherAccount } : {}),
  };
  const father: NonNullable<BirthSubmissionV1['father']> = {
    name: fatherName,
    identity: { type: 'resident-id', number: residentIdNumber(rng, home.county, now, rng.int(23, 45), 'male') },
    hukouRegionCode: home.county,
    hukouAddress: address(rng, home),
    ...(home.residencePermit ? { residencePermitRegionCode: home.residencePermit } : {}),
    phone: mobilePhone(rng),
    maternityInsurance: insurance(rng, fatherInsured, region),
    ...(allowance && fatherInsured ? { bankAccount: fatherAccount } : {}),
  };
  const familyName = surnameOf(settling ? fatherName : rng.chance(0.8) ? fatherName : motherName);

  const births: PlannedBirth[] = [];
  for (let order = 1; order <= plurality; order += 1) {
    const name = childName(rng, familyName);
    const weightRange = plurality === 1 ? [2500, 4200] : plurality === 2 ? [1800, 3000] : [1400, 2500];
    const bornAt = invalid === 'born-in-the-future' ? now.getTime() + 3 * 3600_000 : firstBornAt + (order - 1) * rng.int(1, 6) * 60_000;
    const submission: BirthSubmissionV1 = {
      hospital: { institutionId: region.hospitalId, name: region.hospitalName, regionCode: region.county },
      birthRecordId: plurality === 1 ? prefix : `${prefix}-${order}`,
      deliveryId,
      newborn: {
        name: namedLater ? null : name,
        sex: rng.pick(['1', '2'] as const),
        bornAt: new Date(bornAt).toISOString(),
        weightGrams: invalid === 'weight-out-of-range' ? 9_500 : rng.int(weightRange[0]!, weightRange[1]!),
        gestation: { weeks: gestationWeeks, days: gestationDays },
        plurality,
        birthOrder: order,
      },
      delivery,
      mother,
      father,
      application: {
        items: ['birth-certificate', 'household-registration', 'medical-insurance', 'social-security-card', ...(allowance ? (['maternity-allowance'] as const) : [])],
        hukouParent,
        ...(settling ? { settlementRegionCode: CHANGCHUN_SETTLEMENT_COUNTY } : {}),
        ...(coupleLivesApart ? { coupleLivesApart } : {}),
        householdHeadName: settling ? fatherName : motherName,
        contactPhone: motherPhone,
        consent: { given: (invalid !== 'consent-not-given') as true, at: new Date(now.getTime() - rng.int(1, 30) * 1000).toISOString() },
      },
    };
    births.push({ submission, nameGivenLater: namedLater ? name : null });
  }

  const accountsToOpen: BankAccountToOpen[] = [];
  if (allowance) accountsToOpen.push({ number: motherAccount.accountNumber, holderName: motherName });
  if (allowance && fatherInsured) accountsToOpen.push({ number: fatherAccount.accountNumber, holderName: fatherName });
  if (correctedAccount) accountsToOpen.push({ number: correctedAccount.accountNumber, holderName: motherName });

  return {
    sequence,
    hospitalId: region.hospitalId,
    deliveryId,
    variations,
    births,
    invalid,
    voidReason: voided ? '重复登记：同一新生儿已另行登记（模拟）' : null,
    accountsToOpen,
    accountToClose: closedAccount ? motherAccount.accountNumber : null,
    correctedAccount,
  };
}

/** The correction a hospital sends once the family has named the child (`birth.corrected`). */
export function namingCorrection(birth: PlannedBirth): { correctionId: string; patch: { newborn: { name: string } } } | null {
  if (!birth.nameGivenLater) return null;
  return { correctionId: `${birth.submission.birthRecordId}-name`, patch: { newborn: { name: birth.nameGivenLater } } };
}
