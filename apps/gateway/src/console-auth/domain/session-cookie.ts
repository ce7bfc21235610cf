/**
 * The console's session cookie (issue 15): the random session token, `httpOnly` (no script reads
 * it), `SameSite=Strict` (no other site's page sends it), `Path=/` and `Secure` outside the local
 * demo. No `Max-Age`: it lasts the browser session; the server ends it when idle or on sign-out.
 */
export const SESSION_COOKIE = 'birth_console_session';

export function sessionCookie(token: string, options: { secure: boolean }): string {
  return [`${SESSION_COOKIE}=${token}`, 'Path=/', 'HttpOnly', 'SameSite=Strict', ...(options.secure ? ['Secure'] : [])].join('; ');
}

/** The cookie that removes it from the browser (on sign-out). */
export function clearedSessionCookie(options: { secure: boolean }): string {
  return [`${SESSION_COOKIE}=`, 'Path=/', 'HttpOnly', 'SameSite=Strict', 'Max-Age=0', ...(options.secure ? ['Secure'] : [])].join('; ');
}

/** The session token from a Cookie header, or undefined (absent, empty or not a token's form). */
export function sessionTokenOf(cookieHeader: string | undefined): string | undefined {
  if (!cookieHeader) return undefined;
  for (const pair of cookieHeader.split(';')) {
    const at = pair.indexOf('=');
    if (at < 0 || pair.slice(0, at).trim() !== SESSION_COOKIE) continue;
    const value = pair.slice(at + 1).trim();
    return SESSION_TOKEN.test(value) ? value : undefined;
  }
  return undefined;
}

/** base64url of 32 random bytes. */
export const SESSION_TOKEN = /^[A-Za-z0-9_-]{43}$/;
