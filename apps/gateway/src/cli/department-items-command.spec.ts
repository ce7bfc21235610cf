import { parseDepartmentItemCommand } from './department-items-command';
import { UsageError } from './hospital-command';

const CASE = '2b1f0c2e-7a51-4f7e-9a55-0d3c1f4b8e21';

describe('npm run cli -- insurance|card', () => {
  it('parses record-payment and card advance, with or without a target state', () => {
    expect(parseDepartmentItemCommand(['insurance', 'record-payment', '--case', CASE.toUpperCase()])).toEqual({ group: 'insurance', command: 'record-payment', caseId: CASE });
    expect(parseDepartmentItemCommand(['card', 'advance', '--case', CASE])).toEqual({ group: 'card', command: 'advance', caseId: CASE, to: null });
    expect(parseDepartmentItemCommand(['card', 'advance', '--case', CASE, '--to', 'ready'])).toEqual({ group: 'card', command: 'advance', caseId: CASE, to: 'ready' });
  });

  it.each([
    [['insurance'], 'insurance needs a command (record-payment)'],
    [['insurance', 'refund', '--case', CASE], 'unknown command "insurance refund"'],
    [['insurance', 'record-payment'], 'insurance record-payment needs --case'],
    [['insurance', 'record-payment', '--case', 'abc'], '--case must be a case id (a UUID), got "abc"'],
    [['insurance', 'record-payment', '--case', CASE, '--to', 'ready'], 'insurance record-payment does not take "--to" (takes --case)'],
    [['card', 'advance', '--case'], '--case needs a value'],
    [['card', 'advance', '--case', CASE, '--case', CASE], '--case given twice'],
  ])('refuses %j: %s', (argv, message) => {
    expect(() => parseDepartmentItemCommand(argv)).toThrow(new UsageError(message));
  });
});
