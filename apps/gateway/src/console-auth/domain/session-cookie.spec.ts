import { clearedSessionCookie, sessionCookie, sessionTokenOf } from './session-cookie';

describe('the console session cookie', () => {
  const token = 'A'.repeat(42) + 'w';

  it('is httpOnly, SameSite=Strict, on / and Secure outside the demo', () => {
    expect(sessionCookie(token, { secure: true })).toBe(`birth_console_session=${token}; Path=/; HttpOnly; SameSite=Strict; Secure`);
    expect(sessionCookie(token, { secure: false })).toBe(`birth_console_session=${token}; Path=/; HttpOnly; SameSite=Strict`);
    expect(clearedSessionCookie({ secure: true })).toBe('birth_console_session=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0; Secure');
  });

  it('is read from a Cookie header among others', () => {
    expect(sessionTokenOf(`theme=dark; birth_console_session=${token}; lang=zh`)).toBe(token);
    expect(sessionTokenOf(`birth_console_session=${token}`)).toBe(token);
  });

  it.each([undefined, '', 'theme=dark', 'birth_console_session=', 'birth_console_session=short', `xbirth_console_session=${token}`, `birth_console_session=${token}!`])(
    'finds no token in %j',
    (header) => {
      expect(sessionTokenOf(header)).toBeUndefined();
    },
  );
});
