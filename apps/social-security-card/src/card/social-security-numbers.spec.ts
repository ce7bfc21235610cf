import { randomBytes } from 'node:crypto';
import { SecretBox } from '@birth/platform';
import { SocialSecurityNumbers } from './social-security-numbers';

describe('SocialSecurityNumbers: the ID number sealed at rest, bound to its case', () => {
  const numbers = new SocialSecurityNumbers(SecretBox.fromKey(randomBytes(32)));
  const caseId = '2b1f0c2e-7a51-4f7e-9a55-0d3c1f4b8e21';

  it('seals to text without the number and opens it again', () => {
    const sealed = numbers.seal(caseId, '21020220260301001X');
    expect(sealed).not.toContain('21020220260301001X');
    expect(numbers.open(caseId, sealed)).toBe('21020220260301001X');
  });

  it('does not open under another case or another key', () => {
    const sealed = numbers.seal(caseId, '21020220260301001X');
    expect(() => numbers.open('3c2f0c2e-7a51-4f7e-9a55-0d3c1f4b8e21', sealed)).toThrow();
    expect(() => new SocialSecurityNumbers(SecretBox.fromKey(randomBytes(32))).open(caseId, sealed)).toThrow();
  });
});
