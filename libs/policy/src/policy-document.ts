// The shape of a policy version document (libs/policy/data/*.json), as TypeScript types.
// The JSON Schema (schema/policy-version.schema.json) checks the same shape at run time; a unit
// test keeps the two lists of enumerations in step with @birth/contracts.

/** Insured categories of maternity insurance (DOMAIN.md §7); the same names as the contracts. */
export type PolicyInsuredCategory = 'employee' | 'flexible-employment' | 'unemployment-benefit';

/** Delivery modes (DOMAIN.md §2); the same names as the contracts. */
export type PolicyDeliveryMode = 'vaginal' | 'assisted' | 'caesarean';

/** A length of time counted in calendar units from a start date. */
export interface Period {
  amount: number;
  unit: 'days' | 'months' | 'years';
}

/** Where the child of a birth registers (DOMAIN.md §4). */
export type SettlementRule =
  /** The hukou county of the parent the family chose decides. */
  | { mode: 'parent-hukou' }
  /** The family may name a settlement county inside `countiesWithin` (Changchun, seed 003 item 9). */
  | { mode: 'named-county'; countiesWithin: string };

/** An anchored regular expression and what it means, for certificate and ID numbers. */
export interface NumberFormat {
  pattern: string;
  description: string;
}

/** The base of the allowance when the employer's average wage of last year is unknown (DOMAIN.md §7). */
export type WageBaseRule =
  | { basis: 'own-contribution-base' }
  | { basis: 'manual-review' }
  | { basis: 'regional-average-wage'; monthlyWageFen: number };

/** One row of the maternity-leave table: applies from this child order on, until the next row. */
export interface LeaveByChildOrder {
  fromChildOrder: number;
  days: number;
}

/** Every rule the platform applies, as plain values (what `rulesFor` answers). */
export interface PolicyValues {
  platform: {
    /** The platform serves this prefecture: its hukou counties register here (DOMAIN.md §4). */
    served: boolean;
  };
  intake: {
    /** How long after the birth the intake accepts an application (DOMAIN.md §5). */
    window: Period;
  };
  householdRegistration: {
    settlement: SettlementRule;
  };
  certificates: {
    birthCertificateNumber: NumberFormat;
    citizenIdNumber: NumberFormat;
  };
  medicalInsurance: {
    /** Who may enrol in the city's resident medical insurance (DOMAIN.md §5, seed 000). */
    eligibility: { newbornRegisteredInCity: boolean; parentHukouInCity: boolean; parentResidencePermitInCity: boolean };
    /** Applied within this many days of the birth: coverage from the date of birth (seed 003). */
    onTimeWindowDays: number;
    /** How those days count (Civil Code art. 201, 203). */
    windowCounting: { countsFrom: 'day-after-birth'; restDayEndMovesToNextWorkingDay: boolean };
    coverageWhenOnTime: { starts: 'date-of-birth'; waitingDays: number };
    coverageWhenLate: { starts: 'application-date' | 'day-after-application' | 'first-day-of-next-month'; waitingDays: number };
    /** The newborn's first-year individual contribution in fen, by calendar year (`"2025"`). */
    firstYearContributionFenByYear: Readonly<Record<string, number>>;
    enrolmentNeeds: 'birth-certificate' | 'household-registration';
  };
  maternityInsurance: {
    insuredCategories: readonly PolicyInsuredCategory[];
    /** Consecutive contribution months before the delivery; 0 = no minimum. */
    minimumContributionMonths: number;
  };
  maternityLeave: {
    /** Total leave of a single, non-difficult birth by child order (already includes the national 98 days). */
    totalDaysByChildOrder: readonly LeaveByChildOrder[];
    difficultBirthExtraDays: number;
    /** Per extra baby of a multiple birth. */
    extraBabyDays: number;
    /** Delivery modes that count as a difficult birth. */
    difficultDeliveryModes: readonly PolicyDeliveryMode[];
  };
  paternityLeave: {
    days: number;
    /** Days when the couple live apart (equal to `days` where the region grants nothing extra). */
    coupleApartDays: number;
  };
  allowance: {
    wageBaseWhenUnknown: WageBaseRule;
  };
  /** Targets in working days per item (DOMAIN.md §8). */
  sla: {
    birthCertificate: number;
    householdRegistration: number;
    medicalInsurance: number;
    socialSecurityCard: number;
    maternityAllowance: number;
  };
}

export type PolicyGroup = keyof PolicyValues;

/** `group.name` of every single value, e.g. `maternityLeave.extraBabyDays`. */
export type RulePath = {
  [G in PolicyGroup]: { [K in keyof PolicyValues[G] & string]: `${G}.${K}` }[keyof PolicyValues[G] & string];
}[PolicyGroup];

/** Where a value comes from. */
export interface PolicySource {
  /** seed: a text in shared/seeds; regulation: a law or regulation; domain: DOMAIN.md alone; platform-default: an operators' default. */
  kind: 'seed' | 'regulation' | 'domain' | 'platform-default';
  /** Seed file name, regulation title or DOMAIN.md section. */
  document: string;
  /** Item, article or section inside the document. */
  where?: string;
  /** The words the value rests on. */
  quote?: string;
}

/** A value as a policy file holds it: with its source, and `verify: true` where DOMAIN.md says (verify). */
export interface SourcedValue<T> {
  value: T;
  source: PolicySource;
  verify?: boolean;
  note?: string;
}

/** The national rules: every value present. */
export type CompleteRuleTree = {
  [G in PolicyGroup]: { [K in keyof PolicyValues[G]]: SourcedValue<PolicyValues[G][K]> };
};

/** A region's rules: only the values that differ from (or confirm) the level above. */
export type PartialRuleTree = {
  [G in PolicyGroup]?: { [K in keyof PolicyValues[G]]?: SourcedValue<PolicyValues[G][K]> };
};

/** One immutable version of the rules (one file in data/, or one message on policy.versions.v1). */
export interface PolicyVersionDocument {
  $schema?: string;
  /** Unique and never reused; every decision records it. */
  version: number;
  /** First China date (`YYYY-MM-DD`, inclusive) this version answers for. */
  effectiveFrom: string;
  description: string;
  national: { rules: CompleteRuleTree };
  /** GB/T 2260 code (county, prefecture or province) → that region's rules. */
  regions: Readonly<Record<string, { name: string; rules: PartialRuleTree }>>;
}

export const POLICY_GROUPS: readonly PolicyGroup[] = [
  'platform',
  'intake',
  'householdRegistration',
  'certificates',
  'medicalInsurance',
  'maternityInsurance',
  'maternityLeave',
  'paternityLeave',
  'allowance',
  'sla',
];
