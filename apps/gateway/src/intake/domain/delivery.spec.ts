import { validApplication } from './validation/birth-application.fixture';
import { deliveryConflicts, deliveryFacts, deliveryLockKey, type DeliveryBirth, type DeliveryFacts } from './delivery';

const facts: DeliveryFacts = { mode: 'vaginal', difficult: false, plurality: 2 };
const first: DeliveryBirth<DeliveryFacts> = { motherIdHash: 'm1', facts, birthOrder: 1 };

describe('births of one delivery (twins and more)', () => {
  it('takes the delivery facts from the application: mode, difficulty and plurality, nothing personal', () => {
    const application = validApplication();
    expect(deliveryFacts(application)).toEqual({
      mode: application.delivery.mode,
      difficult: application.delivery.difficult,
      plurality: application.newborn.plurality,
    });
  });

  it('lets the first birth of a delivery pass, whatever it says', () => {
    expect(deliveryConflicts(first, [])).toEqual([]);
  });

  it('lets a second twin pass with the same mother and facts and another birth order', () => {
    expect(deliveryConflicts({ ...first, birthOrder: 2 }, [first])).toEqual([]);
  });

  it('reports another mother, each differing fact on its field, and a taken birth order, all at once', () => {
    const errors = deliveryConflicts({ motherIdHash: 'm2', facts: { mode: 'caesarean', difficult: true, plurality: 2 }, birthOrder: 1 }, [first]);
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
