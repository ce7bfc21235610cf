import { residentIdCheckCharacter } from '../../apps/gateway/src/intake/domain/validation/resident-id';
import type { SeededRandom } from './random';

// Invented people: names, ID numbers with correct check characters, phones and bank accounts.

const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '赵', '黄', '周', '吴', '徐', '孙', '马', '朱', '胡', '郭', '何', '高', '林', '罗'] as const;
const GIVEN = ['丽', '强', '伟', '芳', '敏', '静', '磊', '洋', '艳', '军', '杰', '娟', '涛', '明', '超', '霞', '平', '刚', '桂', '英'] as const;
const CHILD_GIVEN = ['子墨', '一诺', '欣怡', '浩然', '梓涵', '宇轩', '雨桐', '思远', '若汐', '俊熙', '语嫣', '沐阳'] as const;

export function personName(rng: SeededRandom, surname?: string): string {
  const given = rng.chance(0.5) ? rng.pick(GIVEN) : `${rng.pick(GIVEN)}${rng.pick(GIVEN)}`;
  return `${surname ?? rng.pick(SURNAMES)}${given}`;
}

export function childName(rng: SeededRandom, surname: string): string {
  return `${surname}${rng.pick(CHILD_GIVEN)}`;
}

export function surnameOf(name: string): string {
  return [...name][0]!;
}

/** A date of birth (YYYYMMDD) making the person `age` years old at `now`, on a day that exists in every month. */
function birthDateDigits(rng: SeededRandom, now: Date, age: number): string {
  const year = now.getUTCFullYear() - age - 1;
  return `${year}${String(rng.int(1, 12)).padStart(2, '0')}${String(rng.int(1, 28)).padStart(2, '0')}`;
}

/** A citizen ID number registered in `county`, aged `age`, of the given sex (the 17th digit odd for a man). */
export function residentIdNumber(rng: SeededRandom, county: string, now: Date, age: number, sex: 'male' | 'female'): string {
  const sequence = `${rng.digits(2)}${sex === 'male' ? rng.pick(['1', '3', '5', '7', '9']) : rng.pick(['0', '2', '4', '6', '8'])}`;
  const first17 = `${county}${birthDateDigits(rng, now, age)}${sequence}`;
  return `${first17}${residentIdCheckCharacter(first17)}`;
}

/** The same number with a wrong check character (an invalid submission). */
export function withWrongCheckCharacter(idNumber: string): string {
  const right = idNumber[17];
  return `${idNumber.slice(0, 17)}${right === '0' ? '1' : '0'}`;
}

export function mobilePhone(rng: SeededRandom): string {
  return `1${rng.pick(['38', '39', '50', '58', '86', '87'])}${rng.digits(8)}`;
}

/** A 19-digit debit card number (the banks' 62 prefix of UnionPay). */
export function bankAccountNumber(rng: SeededRandom): string {
  return `6217${rng.digits(15)}`;
}
