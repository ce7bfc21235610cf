import type { BirthRegisteredV1, BirthSubmissionV1, SealedValueV1 } from '@birth/contracts';

/** The parents whose bank account travels sealed, and the field path each is bound to (HPKE associated data). */
export const SEALED_ACCOUNT_PATHS = { mother: 'mother.bankAccount', father: 'father.bankAccount' } as const;

export type AccountHolder = keyof typeof SEALED_ACCOUNT_PATHS;

/** Each present account of a submission, sealed for the maternity-allowance service. */
export type SealedAccounts = Partial<Record<AccountHolder, SealedValueV1>>;

/**
 * `birth.registered.v1` (and the application of `birth.corrected.v1`) from an accepted
 * submission: the case number, the stored acceptance instant and the policy version the intake
 * window was judged by added, each bank account
 * replaced by its sealed form (DESIGN.md "Security"). An account without its sealed form is an
 * error, never a plaintext account on a topic.
 */
export function registeredBirth(
  submission: BirthSubmissionV1,
  accepted: { caseNumber: string; acceptedAt: Date; intakeRuleVersion?: number | null },
  sealed: SealedAccounts,
): BirthRegisteredV1 {
  const { mother, father, ...shared } = submission;
  const { bankAccount: motherAccount, ...motherFacts } = mother;
  const registered: BirthRegisteredV1 = {
    ...shared,
    mother: { ...motherFacts, ...sealedAccount('mother', motherAccount !== undefined, sealed) },
    caseNumber: accepted.caseNumber,
    acceptedAt: accepted.acceptedAt.toISOString(),
  };
  // Null for a record stored before the version was kept: the field is left out, never guessed.
  if (accepted.intakeRuleVersion != null) registered.intakeRuleVersion = accepted.intakeRuleVersion;
  if (father) {
    const { bankAccount: fatherAccount, ...fatherFacts } = father;
    registered.father = { ...fatherFacts, ...sealedAccount('father', fatherAccount !== undefined, sealed) };
  }
  return registered;
}

function sealedAccount(holder: AccountHolder, present: boolean, sealed: SealedAccounts): { bankAccount?: SealedValueV1 } {
  if (!present) return {};
  const value = sealed[holder];
  if (!value) throw new Error(`${SEALED_ACCOUNT_PATHS[holder]} is present but was not sealed`);
  return { bankAccount: value };
}
