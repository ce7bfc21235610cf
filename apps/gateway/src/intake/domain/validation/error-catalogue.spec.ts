import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { getMetadataStorage } from 'class-validator';
import '@birth/contracts';
import type { DeadLetterCode } from '@birth/messaging';
import { ServiceConfig } from '@birth/platform';
import { AUTH_REFUSAL_CODES } from '../../../hospitals/signed-message-verifier';
import { ERROR_CATALOGUE, intakeError, toIntakeError } from './error-catalogue';

const DOCS = join(__dirname, '../../../../../../docs/errors.md');

describe('ERROR_CATALOGUE', () => {
  it('gives every code a Chinese and an English message and a description', () => {
    for (const [code, entry] of Object.entries(ERROR_CATALOGUE)) {
      expect(code).toMatch(/^[A-Z][A-Z0-9_]*$/);
      expect(entry.zh.trim()).not.toBe('');
      expect(entry.en.trim()).not.toBe('');
      expect(entry.description.trim()).not.toBe('');
      expect(entry.fields.length).toBeGreaterThan(0);
    }
  });

  it('lists exactly the codes docs/errors.md documents, both ways', () => {
    const documented = [...readFileSync(DOCS, 'utf8').matchAll(/^\| `([A-Z0-9_]+)` \|/gm)].map((match) => match[1]);
    expect(new Set(documented).size).toBe(documented.length);
    expect([...documented].sort()).toEqual(Object.keys(ERROR_CATALOGUE).sort());
  });

  it('documents the same messages and meanings as the catalogue', () => {
    const docs = readFileSync(DOCS, 'utf8');
    for (const [code, entry] of Object.entries(ERROR_CATALOGUE)) {
      const row = docs.split('\n').find((line) => line.startsWith(`| \`${code}\` |`));
      expect(row).toContain(` ${entry.zh} `);
      expect(row).toContain(` ${entry.en} `);
      expect(row).toContain(` ${entry.description} `);
    }
  });

  it('covers every shape code the contract classes can produce', () => {
    // The same mapping as codeOf() in libs/contracts/src/validation.ts, applied to every
    // constraint declared on the contract classes, plus the codes validatePlain and
    // decodeEnvelope produce themselves.
    const codeOf = (constraint: string) => {
      if (constraint === 'whitelistValidation') return 'UNKNOWN_FIELD';
      if (constraint === 'isDefined' || constraint === 'nestedValidation') return 'INVALID';
      return constraint.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toUpperCase();
    };
    const storage = getMetadataStorage() as unknown as {
      validationMetadatas: Map<unknown, { type: string; constraintCls: unknown }[]>;
      getTargetValidatorConstraints(cls: unknown): { name: string }[];
    };
    const constraints = new Set<string>(['whitelistValidation', 'unknownValue']);
    // class-validator's storage is global: it also holds the services' configuration classes
    // (ServiceConfig and its mixins, loaded through @birth/platform), whose codes are not the contracts'.
    const isConfiguration = (target: unknown) => target === ServiceConfig || (typeof target === 'function' && target.prototype instanceof ServiceConfig);
    for (const [target, metadatas] of storage.validationMetadatas.entries()) {
      if (isConfiguration(target)) continue;
      for (const metadata of metadatas) {
        if (metadata.type === 'conditionalValidation') continue; // @IsOptional
        if (metadata.type === 'customValidation') {
          for (const constraint of storage.getTargetValidatorConstraints(metadata.constraintCls)) constraints.add(constraint.name);
        } else {
          constraints.add(metadata.type);
        }
      }
    }
    expect(constraints.size).toBeGreaterThan(5);
    const codes = [...constraints].map(codeOf).concat('NOT_AN_OBJECT', 'INVALID_JSON', 'EMPTY_MESSAGE', 'TYPE_MISMATCH', 'VERSION_MISMATCH');
    for (const code of codes) expect(Object.keys(ERROR_CATALOGUE)).toContain(code);
  });
});

describe('intakeError', () => {
  it('fills placeholders with configuration numbers only', () => {
    expect(intakeError('newborn.bornAt', 'BIRTH_OUTSIDE_WINDOW', { days: 120 }).message).toEqual({
      zh: '出生已超过120天，超出“出生一件事”联办期限，请到窗口分项办理',
      en: 'The birth is more than 120 days ago, outside the window for the bundled application; apply for each item at the service window',
    });
  });
});

describe('toIntakeError', () => {
  it('keeps field and code and replaces the message with the bilingual one', () => {
    expect(toIntakeError({ field: 'payload.mother.phone', code: 'IS_STRING', message: 'mother.phone must be a string' })).toEqual({
      field: 'payload.mother.phone',
      code: 'IS_STRING',
      message: { zh: '应为文本', en: 'Must be text (a string)' },
    });
  });

  it('drops the original message, whatever it quotes', () => {
    const error = toIntakeError({ field: 'mother.name', code: 'MATCHES', message: 'mother.name 王丽 must match /x/' });
    expect(JSON.stringify(error)).not.toContain('王丽');
  });

  it('gives an uncatalogued code the generic message, keeping the code', () => {
    expect(toIntakeError({ field: 'x', code: 'IS_HEXADECIMAL', message: 'x 13800000000 must be hexadecimal' })).toEqual({
      field: 'x',
      code: 'IS_HEXADECIMAL',
      message: { zh: ERROR_CATALOGUE.INVALID.zh, en: ERROR_CATALOGUE.INVALID.en },
    });
  });
});

describe('request error codes', () => {
  const source = (path: string) => readFileSync(join(__dirname, '..', '..', '..', path), 'utf8');
  const codes = Object.keys(ERROR_CATALOGUE);

  it('catalogues every code the signature check, the guard and the ingress consumer can answer with', () => {
    const guardCodes = [...source('hospitals/hospital-auth.guard.ts').matchAll(/code: '([A-Z][A-Z0-9_]+)'/g)].map((m) => m[1]);
    const ingressCodes = [...source('intake/ingress.consumer.ts').matchAll(/code: '([A-Z][A-Z0-9_]+)'/g)].map((m) => m[1]);
    expect(guardCodes).toEqual(expect.arrayContaining(['UNSUPPORTED_MEDIA_TYPE']));
    expect(ingressCodes).toEqual(expect.arrayContaining(['KEY_MISMATCH']));
    const deadLetterCodes: DeadLetterCode[] = ['INVALID_MESSAGE', 'PERMANENT_REJECTION', 'RETRIES_EXHAUSTED', 'NO_HANDLER'];
    for (const code of [...AUTH_REFUSAL_CODES, ...guardCodes, ...ingressCodes, ...deadLetterCodes]) expect(codes).toContain(code);
  });

  it('says the HTTP status of every request code, and the status table of docs/errors.md agrees', () => {
    const docs = readFileSync(DOCS, 'utf8');
    const statusRows = new Map([...docs.matchAll(/^\| (\d{3})(?:, \d{3})? \| ([^|]*) \|/gm)].map((m) => [Number(m[1]), m[2]!]));
    const requestCodes = [...AUTH_REFUSAL_CODES, 'UNSUPPORTED_MEDIA_TYPE', 'CASE_NOT_FOUND', 'RATE_LIMITED', 'SERVICE_UNAVAILABLE', 'BODY_TOO_LARGE', 'INTERNAL_ERROR'];
    for (const [code, entry] of Object.entries(ERROR_CATALOGUE)) {
      const status = /^HTTP (\d{3})\b/.exec(entry.description)?.[1];
      if (requestCodes.includes(code)) expect(status).toBeDefined();
      if (status) expect(`${code}: ${statusRows.get(Number(status))}`).toContain(`\`${code}\``);
    }
    for (const code of AUTH_REFUSAL_CODES) expect(ERROR_CATALOGUE[code].description).toMatch(/^HTTP 401\./);
  });

  it('fills the wait of RATE_LIMITED', () => {
    expect(intakeError('request', 'RATE_LIMITED', { seconds: 3 }).message).toEqual({ zh: '请求过于频繁，请 3 秒后重试', en: 'Too many requests; retry after 3 s' });
  });
});
