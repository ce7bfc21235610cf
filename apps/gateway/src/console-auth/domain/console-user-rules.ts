import { CONSOLE_ROLES, type ConsoleRole } from '../console-user';
import { isRegionCode } from './region-coverage';

/** A username: lower-case letters, digits, `.`, `_` and `-`, 2 to 63 characters, starting with a letter or digit. */
export const USERNAME = /^[a-z0-9][a-z0-9._-]{1,62}$/;

export function isConsoleRole(role: string): role is ConsoleRole {
  return (CONSOLE_ROLES as readonly string[]).includes(role);
}

/**
 * What is wrong with a new user's name, role and regions, in words for the administrator, or
 * null. A clerk serves at least one region; the other roles see no personal data by region and
 * serve none (the table holds the same rule).
 */
export function consoleUserProblem(user: { username: string; role: string; regions: readonly string[] }): string | null {
  if (!USERNAME.test(user.username)) return 'the username must be 2 to 63 lower-case letters, digits, ".", "_" or "-", starting with a letter or digit';
  if (!isConsoleRole(user.role)) return `the role must be one of ${CONSOLE_ROLES.join(', ')}`;
  const bad = user.regions.find((code) => !isRegionCode(code));
  if (bad !== undefined) return `a region must be a 6-digit region code (e.g. 210200), not "${bad}"`;
  if (new Set(user.regions).size !== user.regions.length) return 'a region is given twice';
  if (user.role === 'clerk' && user.regions.length === 0) return 'a clerk needs at least one region (--region CODE)';
  if (user.role !== 'clerk' && user.regions.length > 0) return `a ${user.role} serves no region: only clerks take --region`;
  return null;
}
