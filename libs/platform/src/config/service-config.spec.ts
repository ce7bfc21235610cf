import 'reflect-metadata';
import { TOPIC_REGISTRY } from '@birth/contracts';
import { redeliveryWindowMs } from '@birth/messaging';
import { ConfigError, loadConfig } from './config-loader';
import { ServiceConfig } from './service-config';

const DAY_MS = 24 * 3600 * 1000;

function load(env: Record<string, string>): ServiceConfig {
  return loadConfig(ServiceConfig, { PORT: '0', DATABASE_SCHEMA: 'sample', ...env });
}

describe('INBOX_RETENTION_DAYS', () => {
  const windowDays = redeliveryWindowMs(TOPIC_REGISTRY).ms / DAY_MS;

  it('defaults to more than a message can take to come back', () => {
    expect(load({}).INBOX_RETENTION_DAYS * DAY_MS).toBeGreaterThan(redeliveryWindowMs(TOPIC_REGISTRY).ms);
  });

  it('accepts a day more than the window', () => {
    expect(load({ INBOX_RETENTION_DAYS: String(windowDays + 1) }).INBOX_RETENTION_DAYS).toBe(windowDays + 1);
  });

  it.each([String(windowDays), '30', '0'])('refuses %s days, naming the variable and why', (days) => {
    let problems: string[] = [];
    try {
      load({ INBOX_RETENTION_DAYS: days });
    } catch (error) {
      problems = (error as ConfigError).problems;
    }
    expect(problems).toEqual([expect.stringMatching(/^INBOX_RETENTION_DAYS is invalid: INBOX_RETENTION_DAYS must exceed 120 days, .*birth\.\S+ plus that of its dead-letter topic/)]);
  });
});
