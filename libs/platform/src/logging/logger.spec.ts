import { Writable } from 'node:stream';
import { runWithCausalContext, runWithRequestTrace } from '@birth/messaging';
import { createPino } from './logger';
import { scrubPersonalData } from './personal-data-redaction';
import { textDestination } from './text-destination';

const TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';
const TRACEPARENT = `00-${TRACE_ID}-00f067aa0ba902b7-01`;

function capture(): { lines: () => Record<string, unknown>[]; raw: () => string; stream: Writable } {
  let text = '';
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      text += chunk.toString('utf8');
      done();
    },
  });
  return { stream, raw: () => text, lines: () => text.trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>) };
}

describe('the services’ pino logger', () => {
  it('a line logged while a message is handled carries the service, case, correlation and trace ids', () => {
    const out = capture();
    const logger = createPino('household-registration', 'debug', 'json', out.stream);
    runWithCausalContext({ traceparent: TRACEPARENT, correlationId: 'corr-1', causationId: 'msg-1', caseId: 'case-1' }, () => logger.debug('registered'));
    expect(out.lines()[0]).toEqual(
      expect.objectContaining({ level: 'debug', service: 'household-registration', caseId: 'case-1', correlationId: 'corr-1', traceId: TRACE_ID, msg: 'registered' }),
    );
  });

  it('a line logged while an HTTP request is served carries its trace id', () => {
    const out = capture();
    const logger = createPino('gateway', 'log', 'json', out.stream);
    runWithRequestTrace(TRACEPARENT, () => logger.info('accepted'));
    expect(out.lines()[0]).toEqual(expect.objectContaining({ service: 'gateway', traceId: TRACE_ID, msg: 'accepted' }));
    expect(out.lines()[0]).not.toHaveProperty('caseId');
  });

  it('drops personal fields of logged objects and scrubs ID, phone and account numbers from the text', () => {
    const out = capture();
    const logger = createPino('gateway', 'log', 'json', out.stream);
    logger.info(
      { mother: { name: '王小红', identity: { idNumber: '11010119900307123X' } }, bank: { accountNumber: '6222020200112233445' }, phone: '13800138000', hospitalId: 'H-1' },
      'rejected 11010119900307123X (phone 13800138000, account 6222020200112233445) for case 0c2a8c8e-6d3f-4a55-9c1e-8d8c1b2a3f40',
    );
    const raw = out.raw();
    for (const personal of ['王小红', '11010119900307123X', '13800138000', '6222020200112233445']) expect(raw).not.toContain(personal);
    expect(out.lines()[0]).toEqual(
      expect.objectContaining({
        hospitalId: 'H-1',
        msg: 'rejected [redacted] (phone [redacted], account [redacted]) for case 0c2a8c8e-6d3f-4a55-9c1e-8d8c1b2a3f40',
      }),
    );
  });

  it('drops the console’s credentials: a password, a CSRF token, and the session cookie in either direction', () => {
    const out = capture();
    const logger = createPino('gateway', 'log', 'json', out.stream);
    logger.info({ body: { username: 'demo-clerk', password: 'correct horse battery' }, csrfToken: 'csrf-secret-1', req: { headers: { cookie: 'birth_console_session=s1', 'x-csrf-token': 'csrf-secret-2' } }, res: { headers: { 'set-cookie': 'birth_console_session=s2' } } }, 'signed in');
    const raw = out.raw();
    for (const secret of ['correct horse battery', 'csrf-secret-1', 'csrf-secret-2', 'birth_console_session=s1', 'birth_console_session=s2']) expect(raw).not.toContain(secret);
    expect(raw).toContain('demo-clerk');
  });

  it('keeps below the configured level quiet', () => {
    const out = capture();
    const logger = createPino('gateway', 'warn', 'json', out.stream);
    logger.info('not shown');
    logger.warn('shown');
    expect(out.lines().map((l) => l['msg'])).toEqual(['shown']);
  });

  it('text for a terminal: time, level, service and context, message, then the other fields', () => {
    const out = capture();
    const logger = createPino('gateway', 'log', 'text', textDestination(out.stream));
    runWithCausalContext({ traceparent: TRACEPARENT, correlationId: 'corr-1', causationId: null }, () => logger.info({ context: 'Intake' }, 'accepted'));
    expect(out.raw()).toMatch(new RegExp(`^\\d{4}-\\d\\d-\\d\\dT\\S+ INFO  \\[gateway/Intake\\] accepted \\{"correlationId":"corr-1","traceId":"${TRACE_ID}"\\}\\n$`));
  });
});

describe('scrubPersonalData', () => {
  it.each([
    ['id 11010119900307123X here', 'id [redacted] here'],
    ['phone +8613912345678.', 'phone [redacted].'],
    ['card 6222020200112233445', 'card [redacted]'],
    ['uuid 0c2a8c8e-6d3f-4a55-9c1e-8d8c1b2a3f40 and offset 1234', 'uuid 0c2a8c8e-6d3f-4a55-9c1e-8d8c1b2a3f40 and offset 1234'],
    ['certificate A123456789', 'certificate A123456789'],
  ])('%s', (input, expected) => {
    expect(scrubPersonalData(input)).toBe(expected);
  });
});
