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
  /**
   * The session's id: the SHA-256 digest of the cookie's token, as console_sessions stores it; for
   * audit rows and sign-out. The token itself is only ever in the cookie.
   */
  sessionId: string;
}

/** Where ConsoleRoute(...roles) keeps the route's roles for ConsoleSessionGuard. */
export const CONSOLE_ROLES_KEY = 'birth:console-roles';
