import { maskAccount, maskIdNumber, maskName, maskPhone, type ConsoleMaskedPerson, type ConsoleNewborn, type ConsoleRevealableField } from '@birth/contracts';

/** The parts of a stored application (BirthSubmissionV1, as the gateway keeps it sealed) that the case page reads. */
interface StoredPerson {
  name?: string;
  identity?: { type?: string; number?: string };
  phone?: string;
  hukouRegionCode?: string;
  bankAccount?: { bankName?: string; accountNumber?: string; accountName?: string };
}

export interface StoredApplication {
  hospital?: { institutionId?: string; name?: string; regionCode?: string };
  mother?: StoredPerson;
  father?: StoredPerson | null;
  newborn?: { name?: string | null; sex?: string; bornAt?: string; weightGrams?: number; plurality?: number; birthOrder?: number };
  application?: { contactPhone?: string; householdHeadName?: string };
}

/** A field another service holds: the gateway asks it (with the clerk and the reason), never keeps it. */
export const HOUSEHOLD_HELD_FIELDS = ['newborn.citizenIdNumber'] as const;
export type HouseholdHeldField = (typeof HOUSEHOLD_HELD_FIELDS)[number];
export type IntakeHeldField = Exclude<ConsoleRevealableField, HouseholdHeldField>;

export function isHouseholdHeld(field: ConsoleRevealableField): field is HouseholdHeldField {
  return (HOUSEHOLD_HELD_FIELDS as readonly string[]).includes(field);
}

/** Where each revealable field the gateway holds lives in the stored application. */
const REVEAL_PATHS: Readonly<Record<IntakeHeldField, (a: StoredApplication) => string | null | undefined>> = {
  'mother.name': (a) => a.mother?.name,
  'mother.idNumber': (a) => a.mother?.identity?.number,
  'mother.phone': (a) => a.mother?.phone,
  'mother.bankAccount': (a) => a.mother?.bankAccount?.accountNumber,
  'father.name': (a) => a.father?.name,
  'father.idNumber': (a) => a.father?.identity?.number,
  'father.phone': (a) => a.father?.phone,
  'father.bankAccount': (a) => a.father?.bankAccount?.accountNumber,
  'newborn.name': (a) => a.newborn?.name,
  contactPhone: (a) => a.application?.contactPhone,
  householdHeadName: (a) => a.application?.householdHeadName,
};

export const REVEALABLE_FIELDS = [...Object.keys(REVEAL_PATHS), ...HOUSEHOLD_HELD_FIELDS] as ConsoleRevealableField[];

export function isRevealableField(field: unknown): field is ConsoleRevealableField {
  return typeof field === 'string' && (REVEALABLE_FIELDS as readonly string[]).includes(field);
}

/** One field in full (null when the record has none): the only thing a reveal answers. */
export function revealedValue(application: StoredApplication, field: IntakeHeldField): string | null {
  return REVEAL_PATHS[field](application) ?? null;
}

const masked = (value: string | null | undefined, mask: (v: string) => string) => (value ? mask(value) : null);

function maskedPerson(person: StoredPerson): ConsoleMaskedPerson {
  const account = person.bankAccount;
  return {
    name: masked(person.name, maskName),
    idType: person.identity?.type ?? null,
    idNumber: masked(person.identity?.number, maskIdNumber),
    phone: masked(person.phone, maskPhone),
    hukouRegionCode: person.hukouRegionCode ?? null,
    bankAccount: account ? { bankName: account.bankName ?? '', accountNumber: maskAccount(account.accountNumber ?? ''), accountName: maskName(account.accountName ?? '') } : null,
  };
}

/** The family as a clerk first sees it: every personal field masked; region codes and the bank's name are not personal. */
export function maskedFamily(application: StoredApplication): { mother: ConsoleMaskedPerson; father: ConsoleMaskedPerson | null; contactPhone: string | null; householdHeadName: string | null } {
  return {
    mother: maskedPerson(application.mother ?? {}),
    father: application.father ? maskedPerson(application.father) : null,
    contactPhone: masked(application.application?.contactPhone, maskPhone),
    householdHeadName: masked(application.application?.householdHeadName, maskName),
  };
}

/** The newborn from the application, with the citizen ID number household registration answered (already masked there). */
export function newbornOf(application: StoredApplication, maskedCitizenIdNumber: string | null = null): ConsoleNewborn | null {
  const n = application.newborn;
  if (!n) return null;
  return {
    name: masked(n.name, maskName),
    citizenIdNumber: maskedCitizenIdNumber === null ? null : maskIdNumber(maskedCitizenIdNumber),
    sex: n.sex ?? '',
    bornAt: n.bornAt ?? '',
    weightGrams: n.weightGrams ?? 0,
    plurality: n.plurality ?? 1,
    birthOrder: n.birthOrder ?? 1,
  };
}
