import { loadConfig } from '../config/config-loader';
import { ServiceConfig } from '../config/service-config';
import { DEMO_INTERNAL_TOKEN, InternalApiTokens, parseInternalApiTokens } from './internal-api-tokens';

const GATEWAY = 'gw_0123456789abcdefghijklmnopqrstuv';
const SAGA = 'saga_0123456789abcdefghijklmnopqrstu';

describe('parseInternalApiTokens', () => {
  it('reads caller:token pairs, spaces around them ignored', () => {
    expect(parseInternalApiTokens(`gateway:${GATEWAY}, case-saga:${SAGA}`)).toEqual({
      ok: true,
      entries: [
        { caller: 'gateway', token: GATEWAY },
        { caller: 'case-saga', token: SAGA },
      ],
    });
    expect(parseInternalApiTokens('')).toEqual({ ok: true, entries: [] });
  });

  it.each([
    ['no colon', `gateway${GATEWAY}`, 'entry 1 is not caller:token'],
    ['a bad caller name', `Gateway:${GATEWAY}`, 'entry 1: the caller must be a lower-case name'],
    ['the reserved caller', `demo:${GATEWAY}`, 'entry 1: the caller name "demo" is reserved'],
    ['a caller twice', `gateway:${GATEWAY},gateway:${SAGA}`, 'entry 2: caller "gateway" is given twice'],
    ['a short token', 'gateway:tok1', 'entry 1: the token of "gateway" must be 32 to 256 characters'],
    ['the demo token', `gateway:${DEMO_INTERNAL_TOKEN}`, 'entry 1: the demo token may not be configured'],
    ['one token for two callers', `gateway:${GATEWAY},cli:${GATEWAY}`, 'entry 2: the token of "cli" is also another caller\'s'],
  ])('refuses %s, never quoting a token', (_, text, problem) => {
    const parsed = parseInternalApiTokens(text);
    expect(parsed.ok).toBe(false);
    const problems = parsed.ok ? [] : parsed.problems;
    expect(problems.join('\n')).toContain(problem);
    expect(problems.join('\n')).not.toContain(GATEWAY);
    expect(problems.join('\n')).not.toContain('tok1');
  });
});

describe('INTERNAL_API_TOKENS and INTERNAL_PORT in the configuration', () => {
  const base = { PORT: '8081', DATABASE_SCHEMA: 'birth_certificate' };
  const production = { ...base, NODE_ENV: 'production', DATABASE_URL: 'postgres://x@db/birth', KAFKA_BROKERS: 'k:9092' };

  it('outside production needs no token, and the internal port is PORT + 100', () => {
    const config = loadConfig(ServiceConfig, base);
    expect(config.INTERNAL_API_TOKENS).toBe('');
    expect(config.INTERNAL_PORT).toBe(8181);
    expect(loadConfig(ServiceConfig, { ...base, PORT: '0' }).INTERNAL_PORT).toBe(0);
    expect(loadConfig(ServiceConfig, { ...base, INTERNAL_PORT: '9000' }).INTERNAL_PORT).toBe(9000);
  });

  it('refuses an internal port equal to PORT', () => {
    expect(() => loadConfig(ServiceConfig, { ...base, INTERNAL_PORT: '8081' })).toThrow(/INTERNAL_PORT is invalid: INTERNAL_PORT must differ from PORT/);
  });

  it('is optional in the configuration, also in production (bootstrap requires it of a service with internal controllers)', () => {
    expect(loadConfig(ServiceConfig, production).INTERNAL_API_TOKENS).toBe('');
    expect(loadConfig(ServiceConfig, { ...production, INTERNAL_API_TOKENS: `gateway:${GATEWAY}` }).INTERNAL_API_TOKENS).toBe(`gateway:${GATEWAY}`);
  });

  it('refuses a malformed list with a message naming the variable and the entry, not the token', () => {
    let message = '';
    try {
      loadConfig(ServiceConfig, { ...base, INTERNAL_API_TOKENS: 'gateway:short-secret' });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(/INTERNAL_API_TOKENS is invalid: INTERNAL_API_TOKENS must be a comma-separated list of caller:token \(entry 1: the token of "gateway"/);
    expect(message).not.toContain('short-secret');
  });
});

describe('InternalApiTokens.authenticate', () => {
  const entries = [
    { caller: 'gateway', token: GATEWAY },
    { caller: 'case-saga', token: SAGA },
  ];

  it('names the caller whose token it is', () => {
    const tokens = new InternalApiTokens(entries, { production: true });
    expect(tokens.authenticate(`Bearer ${GATEWAY}`)).toEqual({ ok: true, caller: 'gateway' });
    expect(tokens.authenticate(`bearer ${SAGA}`)).toEqual({ ok: true, caller: 'case-saga' });
  });

  it('tells a missing token from an unknown one', () => {
    const tokens = new InternalApiTokens(entries, { production: true });
    expect(tokens.authenticate(undefined)).toEqual({ ok: false, reason: 'missing' });
    expect(tokens.authenticate('Basic Z2F0ZXdheQ==')).toEqual({ ok: false, reason: 'missing' });
    expect(tokens.authenticate('Bearer ')).toEqual({ ok: false, reason: 'missing' });
    expect(tokens.authenticate(`Bearer ${GATEWAY}x`)).toEqual({ ok: false, reason: 'unknown' });
    expect(tokens.authenticate(`Bearer ${GATEWAY.slice(0, -1)}`)).toEqual({ ok: false, reason: 'unknown' });
  });

  it('accepts the demo token as caller demo outside production only', () => {
    expect(new InternalApiTokens(entries, { production: false }).authenticate(`Bearer ${DEMO_INTERNAL_TOKEN}`)).toEqual({ ok: true, caller: 'demo' });
    expect(new InternalApiTokens(entries, { production: true }).authenticate(`Bearer ${DEMO_INTERNAL_TOKEN}`)).toEqual({ ok: false, reason: 'unknown' });
    expect(new InternalApiTokens([], { production: false }).callers).toEqual(['demo']);
  });
});
