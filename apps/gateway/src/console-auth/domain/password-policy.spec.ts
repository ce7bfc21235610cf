import { passwordProblem } from './password-policy';

describe('passwordProblem: the console password policy', () => {
  it('takes 12 characters or more', () => {
    expect(passwordProblem('abcdefghijkl')).toBeNull();
    expect(passwordProblem('correct horse battery staple')).toBeNull();
  });

  it('counts characters, not bytes', () => {
    expect(passwordProblem('出生一件事出生一件事好的')).toBeNull();
    expect(passwordProblem('出生一件事出生一件事好')).toBe('PASSWORD_TOO_SHORT');
  });

  it('refuses short, huge and control characters', () => {
    expect(passwordProblem('')).toBe('PASSWORD_TOO_SHORT');
    expect(passwordProblem('abcdefghijk')).toBe('PASSWORD_TOO_SHORT');
    expect(passwordProblem('a'.repeat(257))).toBe('PASSWORD_TOO_LONG');
    expect(passwordProblem('abcdefghijkl\n')).toBe('PASSWORD_CONTROL_CHARACTERS');
    expect(passwordProblem('abcdef\tghijkl')).toBe('PASSWORD_CONTROL_CHARACTERS');
  });
});
