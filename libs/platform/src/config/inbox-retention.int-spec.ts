import { spawnNode } from '@birth/testing';

describe('inbox retention checked at boot (a real service process)', () => {
  it('a retention shorter than the topics keep messages stops the service with a message naming the variable', async () => {
    const service = spawnNode('apps/birth-certificate/src/main.ts', { NODE_ENV: 'development', INBOX_RETENTION_DAYS: '30' });
    const exit = await service.exited;
    expect(exit.code).toBe(78);
    expect(service.output()).toContain('INBOX_RETENTION_DAYS is invalid: INBOX_RETENTION_DAYS must exceed 120 days');
  });
});
