import { validApplication } from './validation/birth-application.fixture';
import { deliveryConflicts, deliveryFacts, deliveryLockKey, type DeliveryBirth, type DeliveryFacts } from './delivery';

const facts: DeliveryFacts = {
  mode: 'vaginal',
  difficult: false,
  plurality: 2,
  livingChildrenBefore: 0,
  coupleLivesApart: null,
  motherInsurance: 'i1',
  fatherInsurance: null,
  motherBankAccount: 'a1',
  fatherBankAccount: null,
};
/** A stand-in for the keyed hash: shows what was hashed, so the test sees what is compared. */
const blindIndex = (purpose: string, value: string) => `${purpose}(${value})`;
const first: DeliveryBirth<DeliveryFacts> = { motherIdHash: 'm1', facts, birthOrder: 1 };

describe('births of one delivery (twins and more)', () => {
  it('takes the delivery facts from the application: the insurance blocks and the accounts only as blind indexes', () => {
    const application = validApplication();
    const taken = deliveryFacts(application, blindIndex);
    expect(taken).toMatchObject({
      mode: application.delivery.mode,
      difficult: application.delivery.difficult,
      plurality: application.newborn.plurality,
      livingChildrenBefore: 0,
      coupleLivesApart: null,
      motherBankAccount: 'delivery-bank-account(6217000000000000000)',
      fatherBankAccount: 'delivery-bank-account(6225000000000000001)',
    });
    expect(taken.motherInsurance).toMatch(/^delivery-insurance\(/);
    expect(taken.fatherInsurance).toMatch(/^delivery-insurance\(/);
    // An account is the same account however its number is spaced.
    const spaced = validApplication();
    spaced.mother.bankAccount!.accountNumber = '6217 0000 0000 0000 000';
    expect(deliveryFacts(spaced, blindIndex).motherBankAccount).toBe(taken.motherBankAccount);
  });

  it('reports twins that disagree on the children before, living apart, an insurance block or an account', () => {
    const other: DeliveryFacts = { ...facts, livingChildrenBefore: 1, coupleLivesApart: true, fatherInsurance: 'i2', motherBankAccount: 'a2' };
    expect(deliveryConflicts({ ...first, facts: other, birthOrder: 2 }, [first]).map((e) => `${e.code} ${e.field}`)).toEqual([
      'DELIVERY_FACTS_DIFFER mother.livingChildrenBefore',
      'DELIVERY_FACTS_DIFFER application.coupleLivesApart',
      'DELIVERY_FACTS_DIFFER father.maternityInsurance',
      'DELIVERY_FACTS_DIFFER mother.bankAccount',
    ]);
  });

  it('lets the first birth of a delivery pass, whatever it says', () => {
    expect(deliveryConflicts(first, [])).toEqual([]);
  });

  it('lets a second twin pass with the same mother and facts and another birth order', () => {
    expect(deliveryConflicts({ ...first, birthOrder: 2 }, [first])).toEqual([]);
  });

  it('reports another mother, each differing fact on its field, and a taken birth order, all at once', () => {
    const errors = deliveryConflicts({ motherIdHash: 'm2', facts: { ...facts, mode: 'caesarean', difficult: true }, birthOrder: 1 }, [first]);
    expect(errors.map((e) => `${e.code} ${e.field}`)).toEqual([
      'DELIVERY_MOTHER_DIFFERS mother.identity',
      'DELIVERY_FACTS_DIFFER delivery.mode',
      'DELIVERY_FACTS_DIFFER delivery.difficult',
      'DELIVERY_BIRTH_ORDER_TAKEN newborn.birthOrder',
    ]);
    for (const error of errors) expect(error.message.zh).not.toBe('');
  });

  it('compares facts by value, as stored JSON gives them back', () => {
    const stored: DeliveryBirth = { motherIdHash: 'm1', facts: JSON.parse(JSON.stringify(facts)) as Record<string, unknown>, birthOrder: 1 };
    expect(deliveryConflicts({ ...first, birthOrder: 3 }, [stored])).toEqual([]);
    expect(deliveryConflicts({ ...first, facts: { ...facts, plurality: 3 }, birthOrder: 3 }, [stored]).map((e) => e.field)).toEqual(['newborn.plurality']);
  });

  it('checks against every sibling, not only the first', () => {
    const second = { ...first, birthOrder: 2 };
    expect(deliveryConflicts({ ...first, birthOrder: 2 }, [first, second]).map((e) => e.code)).toEqual(['DELIVERY_BIRTH_ORDER_TAKEN']);
  });

  it('locks per hospital and delivery: the same delivery id at two hospitals is two deliveries', () => {
    expect(deliveryLockKey('h1', 'd1')).toBe(deliveryLockKey('h1', 'd1'));
    expect(deliveryLockKey('h1', 'd1')).not.toBe(deliveryLockKey('h2', 'd1'));
  });
});
