/**
 * Personal data must never reach a log line. Services log ids, codes and counts, not payloads;
 * this is the net under that rule: fields of logged objects that carry personal data are
 * removed (pino `redact`), and message text is scrubbed of what looks like a resident ID
 * number, a mobile phone number or a bank account number (an error message may quote a value).
 */

/** Field names that carry personal data anywhere in the contracts (names, identities, contacts, accounts). */
const PERSONAL_FIELDS = [
  'name',
  'fullName',
  'givenName',
  'familyName',
  'idNumber',
  'identity',
  'identityNumber',
  'residentId',
  'phone',
  'phoneNumber',
  'mobile',
  'address',
  'bankAccount',
  'accountNumber',
  'account',
  'accountHolder',
  'mother',
  'father',
  'newborn',
  'applicant',
  'payload',
  // The console's sign-in (apps/gateway/src/console-auth): never logged, even by mistake.
  'password',
  'csrfToken',
];

/** HTTP headers whose values are credentials or signatures. */
const SECRET_HEADERS = ['authorization', 'cookie', 'x-internal-token', 'x-signature', 'x-hospital-signature', 'x-csrf-token'];

/** pino `redact.paths`: each personal field at the top of a logged object and two levels down. */
export const REDACTED_PATHS: string[] = [
  ...PERSONAL_FIELDS.flatMap((field) => [field, `*.${field}`, `*.*.${field}`]),
  ...SECRET_HEADERS.map((header) => `req.headers["${header}"]`),
  // The console's session cookie as the gateway sets it.
  'res.headers["set-cookie"]',
];

// An 18-character resident ID (17 digits and a digit or X), a mainland mobile number, and any
// run of 12 to 19 digits (bank card and account numbers) not inside a longer word or UUID.
const RESIDENT_ID = /(?<![0-9A-Za-z])\d{17}[\dXx](?![0-9A-Za-z])/g;
const MOBILE_PHONE = /(?<![0-9A-Za-z])(?:\+?86)?1[3-9]\d{9}(?![0-9A-Za-z])/g;
const ACCOUNT_NUMBER = /(?<![0-9A-Za-z-])\d{12,19}(?![0-9A-Za-z-])/g;

/** `text` with anything that looks like an ID, phone or account number replaced by `[redacted]`. */
export function scrubPersonalData(text: string): string {
  // Most lines have no run of 11 digits at all: test once before the three replacements.
  if (!/\d{11}/.test(text)) return text;
  return text.replace(RESIDENT_ID, '[redacted]').replace(MOBILE_PHONE, '[redacted]').replace(ACCOUNT_NUMBER, '[redacted]');
}
