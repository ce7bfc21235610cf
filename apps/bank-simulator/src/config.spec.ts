import { loadConfig } from '@birth/platform';
import { BankSimulatorConfig, productionProblems } from './config';

describe('BankSimulatorConfig', () => {
  it('runs on its demo defaults outside production: port 8087, schema bank_simulator', () => {
    const config = loadConfig(BankSimulatorConfig, {});
    expect(config).toMatchObject({ PORT: 8087, DATABASE_SCHEMA: 'bank_simulator', BANK_CALLBACK_RETRY_BASE_MS: 1000 });
    expect(productionProblems(config)).toEqual([]);
  });

  it('needs its secrets in production, and refuses the demo ones given explicitly', () => {
    expect(() => loadConfig(BankSimulatorConfig, { NODE_ENV: 'production' })).toThrow(/BANK_ADMIN_TOKEN[\s\S]*BANK_CALLBACK_SECRET|BANK_CALLBACK_SECRET[\s\S]*BANK_ADMIN_TOKEN/);
    const demo = loadConfig(BankSimulatorConfig, {
      NODE_ENV: 'production',
      DATABASE_URL: 'postgres://bank_simulator@db/birth',
      BANK_ADMIN_TOKEN: 'demo-bank-admin-token',
      BANK_CALLBACK_SECRET: 'demo-bank-callback-secret',
    });
    expect(productionProblems(demo)).toHaveLength(2);
  });
});
