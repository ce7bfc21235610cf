import type { ApiResponseOptions } from '@nestjs/swagger';
import type { SchemaObject } from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';
import { intakeError, type IntakeErrorCode } from '../intake/domain/validation/error-catalogue';
import { START_YEARS, WORKING_DAYS } from './domain/deadline-query';

// The OpenAPI description of GET /api/v1/calendar/deadline. Self-contained (http/openapi.ts
// imports the schema below into components; nothing here imports openapi.ts), with the error
// examples built from the catalogue, so their messages are the real ones.

export const CALENDAR_OPENAPI_TAG = 'calendar';

const ERROR_ANSWER = { $ref: '#/components/schemas/ErrorAnswer' };
const header = (name: string) => ({ $ref: `#/components/headers/${name}` });

/** The answer's schema, added to components.schemas as `CalendarDeadline`. */
export const CALENDAR_ANSWER_SCHEMAS: Record<string, SchemaObject> = {
  CalendarDeadline: {
    type: 'object',
    description:
      'When a period of working days on China\'s official calendar ends (DOMAIN.md §8): 24:00 China time of the Nth working day strictly after the China date of `start`, written as 00:00 +08:00 of the next day.',
    required: ['deadline', 'provisional', 'calendarVersion'],
    properties: {
      deadline: {
        type: 'string',
        format: 'date-time',
        pattern: '^\\d{4}-\\d{2}-\\d{2}T00:00:00\\+08:00$',
        description: 'The end of the last working day: its 24:00 China time, written as the next day\'s `T00:00:00+08:00`. Anything done before this instant is in time.',
      },
      provisional: {
        type: 'boolean',
        description: 'True when the count passes through a year whose official notice the platform does not hold yet: its days were counted on weekends alone, and the answer may change once the year is loaded.',
      },
      calendarVersion: {
        type: 'string',
        pattern: '^\\d{4}\\.(\\d+|none)(\\+\\d{4}\\.(\\d+|none))*$',
        description: 'The versions of the calendar years the answer depends on, joined by `+` (`2026.1`; a year without data is `<year>.none`: `2026.1+2027.none`).',
      },
    },
  },
};

const example = (summary: string, value: object) => ({ summary, value });
const refusalExample = (summary: string, errors: [string, IntakeErrorCode, Record<string, number>?][]) =>
  example(summary, { errors: errors.map(([field, code, params]) => intakeError(field, code, params)) });

export const CALENDAR_ANSWERS = {
  deadline: {
    status: 200,
    description: 'The deadline.',
    headers: { 'X-Request-Id': header('X-Request-Id') },
    content: {
      'application/json': {
        schema: { $ref: '#/components/schemas/CalendarDeadline' },
        examples: {
          'national-day': example('10 working days from Friday 18 September 2026, 17:00 in Beijing, across the National Day holiday and its make-up working days', {
            deadline: '2026-10-10T00:00:00+08:00',
            provisional: false,
            calendarVersion: '2026.1',
          }),
          provisional: example('5 working days from Monday 28 December 2026, into 2027, whose notice is not loaded yet', {
            deadline: '2027-01-05T00:00:00+08:00',
            provisional: true,
            calendarVersion: '2026.1+2027.none',
          }),
        },
      },
    },
  },
  invalid: {
    status: 400,
    description: 'The query is refused: every problem at once. Codes and what to do: docs/errors.md.',
    headers: { 'X-Request-Id': header('X-Request-Id') },
    content: {
      'application/json': {
        schema: ERROR_ANSWER,
        examples: {
          'deadline-query-missing': refusalExample('Nothing asked', [
            ['start', 'CALENDAR_START_REQUIRED'],
            ['workingDays', 'CALENDAR_WORKING_DAYS_REQUIRED'],
          ]),
          'deadline-query-invalid': refusalExample('A date without a time and offset; too many working days', [
            ['start', 'CALENDAR_START_INVALID', START_YEARS],
            ['workingDays', 'CALENDAR_WORKING_DAYS_INVALID', WORKING_DAYS],
          ]),
        },
      },
    },
  },
  rateLimited: {
    status: 429,
    description: 'Too many requests from this client address: ask again after Retry-After seconds. Codes and what to do: docs/errors.md.',
    headers: { 'X-Request-Id': header('X-Request-Id'), 'Retry-After': header('Retry-After') },
    content: {
      'application/json': {
        schema: ERROR_ANSWER,
        examples: { 'deadline-rate-limited': refusalExample('Rate limited', [['request', 'RATE_LIMITED', { seconds: 1 }]]) },
      },
    },
  },
} satisfies Record<string, ApiResponseOptions>;
