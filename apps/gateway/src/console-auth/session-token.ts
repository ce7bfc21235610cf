import { createHash, randomBytes } from 'node:crypto';

/**
 * A console session's secret: 32 random bytes, base64url in the cookie. The database keeps only
 * its SHA-256 digest (hex) as the session's id, so reading the table opens no session; the CSRF
 * token is another 32 random bytes, which the console sends back in X-CSRF-Token.
 */
export function newSessionSecrets(): { token: string; sessionId: string; csrfToken: string } {
  const token = randomBytes(32).toString('base64url');
  return { token, sessionId: sessionIdOf(token), csrfToken: randomBytes(32).toString('base64url') };
}

export function sessionIdOf(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}
