import type { IdDocumentType } from '@birth/contracts';
import { checkResidentIdNumber, hasValidCheckCharacter, type ResidentIdCheck } from './resident-id';

// Number formats of the identity documents a parent may present (contracts: ID_DOCUMENT_TYPES).
// Only the resident ID has a published checksum and an encoded date and sex; the other formats
// are checked for shape (and, where the number follows GB 11643, its MOD 11-2 check character).
//
// - passport: 5–17 upper-case letters and digits. ICAO Doc 9303 allows up to 9 characters in the
//   machine-readable zone, but some countries print longer numbers (the optional-data field); the
//   generous range keeps real passports in. Chinese passports are E/G plus 8 characters.
// - hk-macao-permit: 港澳居民来往内地通行证 (Home Return Permit), H (Hong Kong) or M (Macao)
//   followed by 8 digits (card issued since 2013) or 10 digits (the older booklet, whose last two
//   digits count the renewals); or a 港澳居民居住证 (residence permit for Hong Kong and Macao
//   residents, since 2018) number: 18 characters in the GB 11643 layout with address code
//   810000 / 820000 and a MOD 11-2 check character.
// - taiwan-permit: 台湾居民来往大陆通行证 (台胞证), 8 digits (card, since 2015) or 10 digits
//   (older booklet); or a 台湾居民居住证 number: GB 11643 layout with address code 830000.
// - foreign-permanent-resident-id: 外国人永久居留身份证. The 2004/2017 card: 15 characters,
//   a 3-letter nationality code and 12 digits. The card issued since 1 December 2023 (National
//   Immigration Administration, 新版外国人永久居留身份证机读信息规则 2023): 18 characters, first
//   digit 9, 17 digits then a MOD 11-2 check character computed as for the citizen ID number.
//   Both stay valid side by side.

const PASSPORT = /^[A-Z0-9]{5,17}$/;
const HOME_RETURN_PERMIT = /^[HM](\d{8}|\d{10})$/;
const HK_MACAO_RESIDENCE_PERMIT = /^8[12]0000\d{11}[\dX]$/;
const TAIWAN_PERMIT = /^(\d{8}|\d{10})$/;
const TAIWAN_RESIDENCE_PERMIT = /^830000\d{11}[\dX]$/;
const FOREIGN_PR_2017 = /^[A-Z]{3}\d{12}$/;
const FOREIGN_PR_2023 = /^9\d{16}[\dX]$/;

export type IdentityNumberErrorCode =
  | Extract<ResidentIdCheck, { ok: false }>['code']
  | 'PASSPORT_NUMBER_INVALID'
  | 'HK_MACAO_PERMIT_NUMBER_INVALID'
  | 'TAIWAN_PERMIT_NUMBER_INVALID'
  | 'FOREIGN_PERMANENT_RESIDENT_ID_INVALID';

export type IdentityNumberCheck =
  | { ok: true; birthDate?: string; sex?: 'male' | 'female' }
  | { ok: false; code: IdentityNumberErrorCode };

/** Checks the number of an identity document of the given type. Only a resident ID yields a date of birth and sex. */
export function checkIdentityNumber(type: IdDocumentType, number: string, options: { now?: Date } = {}): IdentityNumberCheck {
  switch (type) {
    case 'resident-id':
      return checkResidentIdNumber(number, options);
    case 'passport':
      return PASSPORT.test(number) ? { ok: true } : { ok: false, code: 'PASSPORT_NUMBER_INVALID' };
    case 'hk-macao-permit':
      return HOME_RETURN_PERMIT.test(number) || (HK_MACAO_RESIDENCE_PERMIT.test(number) && hasValidCheckCharacter(number))
        ? { ok: true }
        : { ok: false, code: 'HK_MACAO_PERMIT_NUMBER_INVALID' };
    case 'taiwan-permit':
      return TAIWAN_PERMIT.test(number) || (TAIWAN_RESIDENCE_PERMIT.test(number) && hasValidCheckCharacter(number))
        ? { ok: true }
        : { ok: false, code: 'TAIWAN_PERMIT_NUMBER_INVALID' };
    case 'foreign-permanent-resident-id':
      return FOREIGN_PR_2017.test(number) || (FOREIGN_PR_2023.test(number) && hasValidCheckCharacter(number))
        ? { ok: true }
        : { ok: false, code: 'FOREIGN_PERMANENT_RESIDENT_ID_INVALID' };
    default: {
      // A new document type in the contract must get its own rule here (the shape check refuses unknown types).
      const unknownType: never = type;
      throw new Error(`no number rule for identity document type ${String(unknownType)}`);
    }
  }
}
