/**
 * What a console password must be. Length is what makes a password strong (NIST SP 800-63B
 * §5.1.1.2): at least 12 characters, counted as Unicode code points so a Chinese passphrase counts
 * its characters, not its bytes. At most 256, so a hash never runs on megabytes. No rules on
 * character classes, which push people to predictable patterns.
 */
export const PASSWORD_MIN_LENGTH = 12;
export const PASSWORD_MAX_LENGTH = 256;

export type PasswordProblem = 'PASSWORD_TOO_SHORT' | 'PASSWORD_TOO_LONG' | 'PASSWORD_CONTROL_CHARACTERS';

/** The problem with `password` as a new password, or null when it will do. Never echoes it. */
export function passwordProblem(password: string): PasswordProblem | null {
  const length = [...password].length;
  if (length < PASSWORD_MIN_LENGTH) return 'PASSWORD_TOO_SHORT';
  if (length > PASSWORD_MAX_LENGTH) return 'PASSWORD_TOO_LONG';
  // A line break read from stdin, or a NUL, is a mistake, not part of a password someone can type.
  if (/\p{Cc}/u.test(password)) return 'PASSWORD_CONTROL_CHARACTERS';
  return null;
}

export const PASSWORD_PROBLEM_TEXT: Record<PasswordProblem, string> = {
  PASSWORD_TOO_SHORT: `the password must have at least ${PASSWORD_MIN_LENGTH} characters`,
  PASSWORD_TOO_LONG: `the password must have at most ${PASSWORD_MAX_LENGTH} characters`,
  PASSWORD_CONTROL_CHARACTERS: 'the password must not contain control characters (line breaks, tabs, NUL)',
};
