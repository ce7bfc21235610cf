import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BirthRegisteredV1 } from '@birth/contracts';
import { DEMO_INTERNAL_TOKEN, FieldSealer, prepareSealingKeys, readPublicKeyring } from '@birth/platform';
import { DepartmentSuite, expectEventually, freePort, registeredBirthV1 } from '@birth/testing';
import { BankUnderTest, TEST_CALLBACK_SECRET } from '../apps/bank-simulator/src/test/bank-process';
import * as messages from '../apps/maternity-allowance/src/claims/test/claim-messages';
import { ALLOWANCE_CONSUMED, ALLOWANCE_TOPICS, idOf } from '../apps/maternity-allowance/src/claims/test/claim-messages';
import { service as allowance } from '../apps/maternity-allowance/src/service';
import { allowancePaymentsEnv, creditsTo, openBankAccount } from './support/allowance-through-bank';

// The whole allowance (its claim and its payments, one real process) over real Kafka and
// PostgreSQL, paying through the bank program (issue 12, "Exactly once, proven"): every birth
// and certificate event delivered twice, twins in both orders, and one payment per benefit in
// the bank's ledger. Counted in the ledger once the claim says paid; figures are literals.

const HEADERS = { authorization: `Bearer ${DEMO_INTERNAL_TOKEN}`, 'x-actor': 'clerk:test' };

describe('the allowance claim paid through the bank program, exactly once', () => {
  let bank: BankUnderTest;
  let suite: DepartmentSuite;
  let sealer: FieldSealer;
  const keysDir = mkdtempSync(join(tmpdir(), 'allowance-claims-paid-'));

  beforeAll(async () => {
    await prepareSealingKeys(keysDir);
    sealer = new FieldSealer(await readPublicKeyring(keysDir));
    bank = await BankUnderTest.start({ BANK_CALLBACK_SECRET: TEST_CALLBACK_SECRET });
    const port = await freePort();
    suite = await DepartmentSuite.start({
      topics: ALLOWANCE_TOPICS,
      group: 'maternity-allowance',
      consumed: ALLOWANCE_CONSUMED,
      schemaName: 'maternity_allowance',
      migrations: allowance.migrations,
      entry: 'apps/maternity-allowance/src/main.ts',
      env: allowancePaymentsEnv(port, bank.url, keysDir),
    });
  }, 240_000);

  afterAll(async () => {
    await suite?.stop();
    await bank?.dispose();
    rmSync(keysDir, { recursive: true, force: true });
  });

  /** A twin of a Dalian delivery (210200: 158 days + 15 for the second baby), both parents' accounts sealed for its case. */
  async function twin(caseId: string, shared: BirthRegisteredV1, birthOrder: number, accounts: { mother: string; father: string }): Promise<BirthRegisteredV1> {
    return {
      ...shared,
      birthRecordId: `BR-${randomUUID()}`,
      newborn: { ...shared.newborn, plurality: 2, birthOrder },
      mother: {
        ...shared.mother,
        maternityInsurance: { ...shared.mother.maternityInsurance, employerAverageMonthlyWageFen: 777_777 },
        bankAccount: await sealer.sealJson({ bankName: '中国工商银行', accountNumber: accounts.mother, accountName: '王丽' }, { caseId, fieldPath: 'mother.bankAccount' }),
      },
      father: {
        ...shared.father!,
        maternityInsurance: { ...shared.father!.maternityInsurance, employerAverageMonthlyWageFen: 600_000 },
        bankAccount: await sealer.sealJson({ bankName: '中国工商银行', accountNumber: accounts.father, accountName: '李强' }, { caseId, fieldPath: 'father.bankAccount' }),
      },
    };
  }

  const birthMessage = (caseId: string, birth: BirthRegisteredV1, id?: string) => messages.birthMessage(suite.ns, caseId, birth, id);
  const certificateMessage = (caseId: string, issuedAt: string, id?: string) => messages.certificateMessage(suite.ns, caseId, issuedAt, id);

  it.each([['the first twin first'], ['the second twin first']])(
    'twins, every event delivered twice, %s: one claim, one payment per benefit in the bank\'s ledger, the claim ends paid',
    async (order) => {
      const [a, b] = [randomUUID(), randomUUID()];
      const accounts = { mother: await openBankAccount(bank, '王丽'), father: await openBankAccount(bank, '李强') };
      const shared = registeredBirthV1();
      const [first, second] = [await twin(a, shared, 1, accounts), await twin(b, shared, 2, accounts)];
      const twins: [string, BirthRegisteredV1][] = [[a, first], [b, second]];
      if (order === 'the second twin first') twins.reverse();
      // Each message twice as the broker redelivers it (same id), then each birth once more as a hospital resends it (new id).
      await suite.deliver(
        ...twins.flatMap(([caseId, birth]) => {
          const message = birthMessage(caseId, birth);
          return [message, birthMessage(caseId, birth, idOf(message))];
        }),
      );
      await suite.deliver(...twins.map(([caseId, birth]) => birthMessage(caseId, birth)));
      const issuedAt = new Date().toISOString();
      await suite.deliver(
        ...twins.flatMap(([caseId]) => {
          const message = certificateMessage(caseId, issuedAt);
          return [message, certificateMessage(caseId, issuedAt, idOf(message))];
        }),
      );

      const claim = await expectEventually(
        async () => {
          const answer = await suite.internalGet(`/internal/claims?caseId=${a}`, HEADERS);
          expect(answer.body).toMatchObject({ state: 'done' });
          return answer.body as { claimId: string; caseIds: string[]; benefits: { benefit: string; state: string; amountFen: number; payment: { state: string } }[] };
        },
        { timeoutMs: 60_000, message: 'the claim paid' },
      );
      expect([...claim.caseIds].sort()).toEqual([a, b].sort());
      expect(claim.benefits.map((x) => [x.benefit, x.state, x.amountFen, x.payment.state])).toEqual([
        ['maternity-leave', 'done', 4_485_181, 'paid'], // 777,777 × 173 ÷ 30 = 4,485,180.7 → 4,485,181
        ['paternity-leave', 'done', 400_000, 'paid'], // 600,000 × 20 ÷ 30
      ]);
      // The ledger, the bank's own record: one credit per benefit, to its beneficiary, of its amount.
      expect(await creditsTo(bank, accounts.mother)).toEqual({ credits: 1, sumFen: 4_485_181 });
      expect(await creditsTo(bank, accounts.father)).toEqual({ credits: 1, sumFen: 400_000 });
      // The ledger's own duplicate check: no order paid under two keys.
      const ledger = await bank.admin('GET', '/ledger');
      expect(ledger.body.duplicateReferences).toEqual([]);

      const changes = await messages.claimChanges(
        suite.ns,
        (e) => e.payload.claimId === claim.claimId,
        (mine) => expect(mine.at(-1)!.payload).toMatchObject({ change: 'paid', item: { state: 'done' } }),
      );
      if (process.env.DEBUG_ALLOWANCE) process.stdout.write(`${JSON.stringify(changes.map((c) => c.payload), null, 1)}\n`);
      expect(changes.map((c) => c.payload.change)).toEqual(['opened', 'waiting', 'accepted', 'paid', 'paid']);
    },
  );

  it('a birth voided after payment: recovery-required for a clerk, nothing reversed, nothing paid again', async () => {
    const caseId = randomUUID();
    const accounts = { mother: await openBankAccount(bank, '王丽'), father: await openBankAccount(bank, '李强') };
    const single = await twin(caseId, registeredBirthV1(), 1, accounts);
    const birth = { ...single, newborn: { ...single.newborn, plurality: 1 }, father: undefined };
    await suite.deliver(birthMessage(caseId, birth));
    await suite.deliver(certificateMessage(caseId, new Date().toISOString()));
    const { claimId } = await expectEventually(
      async () => {
        const answer = await suite.internalGet(`/internal/claims?caseId=${caseId}`, HEADERS);
        expect(answer.body).toMatchObject({ state: 'done' });
        return answer.body as { claimId: string };
      },
      { timeoutMs: 60_000, message: 'the claim paid' },
    );
    expect(await creditsTo(bank, accounts.mother)).toEqual({ credits: 1, sumFen: 4_096_292 }); // 777,777 × 158 ÷ 30 = 4,096,292.2

    await suite.deliver(messages.voidMessage(suite.ns, caseId, birth, new Date().toISOString()));
    const claim = (await suite.internalGet(`/internal/claims/${claimId}`, HEADERS)).body;
    expect(claim).toMatchObject({ state: 'in_progress', reasonCode: 'RECOVERY_REQUIRED', caseIds: [caseId], benefits: [{ state: 'done', payment: { state: 'paid' } }] });
    const changes = await messages.claimChanges(
      suite.ns,
      (e) => e.payload.claimId === claimId,
      (mine) => expect(mine.at(-1)!.payload.change).toBe('recovery-required'),
    );
    expect(changes.at(-1)!.payload).toMatchObject({ caseIds: [caseId], item: { state: 'in_progress', reasonCode: 'RECOVERY_REQUIRED' } });
    // Still one credit: nothing reversed, nothing paid again.
    expect(await creditsTo(bank, accounts.mother)).toEqual({ credits: 1, sumFen: 4_096_292 });
  });

  it('a twin voided after payment: the claim stops naming it and asks a clerk to recover the overpaid days; nothing reversed, nothing paid again', async () => {
    const [a, b] = [randomUUID(), randomUUID()];
    const accounts = { mother: await openBankAccount(bank, '王丽'), father: await openBankAccount(bank, '李强') };
    const shared = registeredBirthV1();
    const [first, second] = [await twin(a, shared, 1, accounts), await twin(b, shared, 2, accounts)];
    await suite.deliver(birthMessage(a, first), birthMessage(b, second));
    const issuedAt = new Date().toISOString();
    await suite.deliver(certificateMessage(a, issuedAt), certificateMessage(b, issuedAt));
    const { claimId } = await expectEventually(
      async () => {
        const answer = await suite.internalGet(`/internal/claims?caseId=${a}`, HEADERS);
        expect(answer.body).toMatchObject({ state: 'done' });
        return answer.body as { claimId: string };
      },
      { timeoutMs: 60_000, message: 'the claim paid' },
    );
    expect(await creditsTo(bank, accounts.mother)).toEqual({ credits: 1, sumFen: 4_485_181 }); // 173 days paid

    await suite.deliver(messages.voidMessage(suite.ns, b, second, new Date().toISOString()));
    const changes = await messages.claimChanges(
      suite.ns,
      (e) => e.payload.claimId === claimId,
      (mine) => expect(mine.at(-1)!.payload.change).toBe('recovery-required'),
    );
    expect(changes.at(-1)!.payload).toMatchObject({ caseIds: [a], item: { state: 'in_progress', reasonCode: 'RECOVERY_REQUIRED' } });
    expect((await suite.internalGet(`/internal/claims/${claimId}`, HEADERS)).body).toMatchObject({ caseIds: [a], state: 'in_progress', reasonCode: 'RECOVERY_REQUIRED' });
    expect(await creditsTo(bank, accounts.mother)).toEqual({ credits: 1, sumFen: 4_485_181 });
    expect(await creditsTo(bank, accounts.father)).toEqual({ credits: 1, sumFen: 400_000 });
  });
});
