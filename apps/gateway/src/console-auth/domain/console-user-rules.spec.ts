import { consoleUserProblem } from './console-user-rules';

describe('consoleUserProblem: a new console user', () => {
  it('accepts a clerk with regions and the other roles without', () => {
    expect(consoleUserProblem({ username: 'wang.li', role: 'clerk', regions: ['210200', '220102'] })).toBeNull();
    expect(consoleUserProblem({ username: 'ops-1', role: 'operator', regions: [] })).toBeNull();
    expect(consoleUserProblem({ username: 'audit_2', role: 'auditor', regions: [] })).toBeNull();
    expect(consoleUserProblem({ username: 'root', role: 'admin', regions: [] })).toBeNull();
  });

  it.each([
    [{ username: 'Wang', role: 'clerk', regions: ['210200'] }, /username/],
    [{ username: 'x', role: 'clerk', regions: ['210200'] }, /username/],
    [{ username: '-x', role: 'clerk', regions: ['210200'] }, /username/],
    [{ username: 'wang', role: 'hospital', regions: [] }, /role must be one of clerk, operator, admin, auditor/],
    [{ username: 'wang', role: 'clerk', regions: [] }, /at least one region/],
    [{ username: 'wang', role: 'clerk', regions: ['2102'] }, /6-digit region code/],
    [{ username: 'wang', role: 'clerk', regions: ['210200', '210200'] }, /twice/],
    [{ username: 'ops', role: 'operator', regions: ['210200'] }, /serves no region/],
  ])('refuses %j', (user, problem) => {
    expect(consoleUserProblem(user)).toMatch(problem);
  });
});
