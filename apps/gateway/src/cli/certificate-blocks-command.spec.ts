import { parseCertificateBlocksCommand } from './certificate-blocks-command';
import { UsageError } from './hospital-command';

describe('npm run cli -- certificate-blocks', () => {
  it('parses add and list, flags in any order', () => {
    expect(parseCertificateBlocksCommand(['certificate-blocks', 'add', '--prefix', 'B', '--institution', 'H1', '--from', '1', '--to', '000000999'])).toEqual({
      command: 'add',
      institutionId: 'H1',
      prefix: 'B',
      from: 1,
      to: 999,
    });
    expect(parseCertificateBlocksCommand(['certificate-blocks', 'list', '--institution', 'H1'])).toEqual({ command: 'list', institutionId: 'H1' });
  });

  it.each([
    [['certificate-blocks'], /a certificate-blocks command is required/],
    [['certificate-blocks', 'remove'], /unknown command "certificate-blocks remove"/],
    [['certificate-blocks', 'add', '--institution', 'H1', '--prefix', 'B', '--from', '1'], /needs --to/],
    [['certificate-blocks', 'add', '--institution', 'H1', '--prefix', 'B', '--from', '-1', '--to', '5'], /--from needs a value|--from must be/],
    [['certificate-blocks', 'add', '--institution', 'H1', '--prefix', 'B', '--from', 'x', '--to', '5'], /--from must be a serial/],
    [['certificate-blocks', 'add', '--institution', 'H1', '--prefix', 'B', '--from', '1', '--to', '1234567890'], /--to must be a serial/],
    [['certificate-blocks', 'list', '--institution', 'H1', '--prefix', 'B'], /does not take "--prefix"/],
    [['certificate-blocks', 'list', '--institution'], /--institution needs a value/],
    [['certificate-blocks', 'list', '--institution', 'H1', '--institution', 'H2'], /given twice/],
  ])('refuses %j', (argv, message) => {
    expect(() => parseCertificateBlocksCommand(argv)).toThrow(UsageError);
    expect(() => parseCertificateBlocksCommand(argv)).toThrow(message);
  });
});
