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

/** Where each revealable field lives in the stored application. */
const REVEAL_PATHS: Readonly<Record<ConsoleRevealableField, (a: StoredApplication) => string | null | undefined>> = {
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

export const REVEALABLE_FIELDS = Object.keys(REVEAL_PATHS) as ConsoleRevealableField[];

export function isRevealableField(field: unknown): field is ConsoleRevealableField {
  return typeof field === 'string' && Object.hasOwn(REVEAL_PATHS, field);
}

/** One field in full (null when the record has none): the only thing a reveal answers. */
export function revealedValue(application: StoredApplication, field: ConsoleRevealableField): string | null {
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

export function newbornOf(application: StoredApplication): ConsoleNewborn | null {
  const n = application.newborn;
  if (!n) return null;
  return {
    name: masked(n.name, maskName),
    sex: n.sex ?? '',
    bornAt: n.bornAt ?? '',
    weightGrams: n.weightGrams ?? 0,
    plurality: n.plurality ?? 1,
    birthOrder: n.birthOrder ?? 1,
  };
}
