/** The four console roles (issue 15). Hospitals never sign in to the console. */
export const CONSOLE_ROLES = ['clerk', 'operator', 'admin', 'auditor'] as const;
export type ConsoleRole = (typeof CONSOLE_ROLES)[number];

/** The signed-in user as every console route sees it: set on the request by the session guard. */
export interface ConsoleUser {
  userId: string;
  username: string;
  role: ConsoleRole;
  /** The region codes a clerk serves (a prefecture's code covers its counties); empty for other roles. */
  regions: string[];
  /** The session's id, for audit rows and sign-out; never sent to the browser except in the cookie. */
  sessionId: string;
}
