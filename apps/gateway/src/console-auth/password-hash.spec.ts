import { hashPassword, verifyNothing, verifyPassword } from './password-hash';

describe('console password hashes (scrypt)', () => {
  it('verifies the password it hashed and nothing else; each hash has its own salt', async () => {
    const password = 'correct horse battery staple';
    const [one, two] = await Promise.all([hashPassword(password), hashPassword(password)]);
    expect(one).toMatch(/^scrypt\$32768\$8\$3\$[A-Za-z0-9_-]{22}\$[A-Za-z0-9_-]{43}$/);
    expect(one).not.toBe(two);
    expect(one).not.toContain(password);
    expect(await verifyPassword(password, one)).toBe(true);
    expect(await verifyPassword(password, two)).toBe(true);
    expect(await verifyPassword('correct horse battery stapl', one)).toBe(false);
    expect(await verifyPassword(password, 'scrypt$1$1$1$x$y')).toBe(false);
    expect(await verifyPassword(password, 'plain')).toBe(false);
    expect(await verifyNothing(password)).toBe(false);
  });

  it('treats a composed and a decomposed character alike (NFC)', async () => {
    const stored = await hashPassword('Café au lait 12');
    expect(await verifyPassword('Cafe\u0301 au lait 12', stored)).toBe(true);
  });
});
