import { randomUUID } from 'node:crypto';
import { Topics, type BirthRegisteredV1 } from '@birth/contracts';
import { DepartmentSuite, envelopeMessage, registeredBirthV1, type TestNamespace } from '@birth/testing';
import { service as descriptor } from '../service';

// The maternity-allowance stub as a real process over real Kafka and PostgreSQL: births in, one
// open claim per (hospital, delivery) in its own schema out. Nothing else is built yet.

const TOPICS = [Topics.birthRegisteredV1, Topics.policyVersionsV1, Topics.calendarYearsV1];

describe('maternity-allowance stub, a real service (real Kafka and PostgreSQL)', () => {
  let suite: DepartmentSuite;
  let ns: TestNamespace;
  let schema: string;

  beforeAll(async () => {
    suite = await DepartmentSuite.start({
      topics: TOPICS,
      group: 'maternity-allowance',
      consumed: [Topics.birthRegisteredV1],
      schemaName: 'maternity_allowance',
      migrations: descriptor.migrations,
      entry: 'apps/maternity-allowance/src/main.ts',
      internalApi: false,
    });
    ({ ns, schema } = suite);
  });

  afterAll(async () => {
    await suite?.stop();
  });

  const birthMessage = (caseId: string, birth: BirthRegisteredV1, id?: string) => envelopeMessage(ns, Topics.birthRegisteredV1, caseId, birth, { id, producer: 'gateway' });
  const claimsOf = (deliveryId: string) =>
    ns.query<{ hospital_id: string; delivery_id: string; case_ids: string[] }>(
      `SELECT hospital_id, delivery_id, case_ids FROM "${schema}".allowance_claims WHERE delivery_id = $1`,
      [deliveryId],
    );

  it('opens one claim for a birth, and a redelivery or a second message for the case changes nothing', async () => {
    const caseId = randomUUID();
    const birth = registeredBirthV1();
    const first = birthMessage(caseId, birth);
    await suite.deliver(first, birthMessage(caseId, birth, JSON.parse(first.value as string).id as string), birthMessage(caseId, birth));
    expect(await claimsOf(birth.deliveryId)).toEqual([{ hospital_id: birth.hospital.institutionId, delivery_id: birth.deliveryId, case_ids: [caseId] }]);
  });

  it('twins: one claim for the delivery, listing both cases, in whatever order they come', async () => {
    const [first, second] = [randomUUID(), randomUUID()];
    const twin = registeredBirthV1();
    await suite.deliver(birthMessage(second, { ...twin, birthRecordId: `BR-${randomUUID()}` }), birthMessage(first, twin));
    const claims = await claimsOf(twin.deliveryId);
    expect(claims).toHaveLength(1);
    expect([...claims[0]!.case_ids].sort()).toEqual([first, second].sort());
  });

  it('the same delivery id at another hospital is another claim', async () => {
    const birth = registeredBirthV1();
    const elsewhere = { ...birth, hospital: { ...birth.hospital, institutionId: 'H210202999' } };
    await suite.deliver(birthMessage(randomUUID(), birth), birthMessage(randomUUID(), elsewhere));
    expect((await claimsOf(birth.deliveryId)).map((c) => c.hospital_id).sort()).toEqual(['H210202001', 'H210202999']);
  });

  it('opens nothing when the allowance was not applied for, and dead-letters nothing', async () => {
    const birth = registeredBirthV1();
    const notApplied = { ...birth, application: { ...birth.application, items: birth.application.items.filter((i) => i !== 'maternity-allowance') } };
    await suite.deliver(birthMessage(randomUUID(), notApplied));
    expect(await claimsOf(birth.deliveryId)).toEqual([]);
    expect(await ns.messageCount(`${Topics.birthRegisteredV1.name}.dlq`)).toBe(0);
  });
});
