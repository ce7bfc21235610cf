import { parseHospitalCommand, UsageError } from './hospital-command';

describe('npm run cli -- hospital …: the command line', () => {
  it('parses every command', () => {
    expect(parseHospitalCommand(['hospital', 'add', '--id', 'H1', '--name', '长春市妇产医院', '--region', '220100'])).toEqual({
      command: 'add',
      id: 'H1',
      name: '长春市妇产医院',
      region: '220100',
    });
    expect(parseHospitalCommand(['hospital', 'rotate-key', '--id', 'H1'])).toEqual({ command: 'rotate-key', id: 'H1' });
    expect(parseHospitalCommand(['hospital', 'revoke-key', '--id', 'H1', '--key', 'k_0123456789ab'])).toEqual({
      command: 'revoke-key',
      id: 'H1',
      key: 'k_0123456789ab',
      force: false,
    });
    expect(parseHospitalCommand(['hospital', 'revoke-key', '--id=H1', '--key=k_1', '--force'])).toMatchObject({ force: true });
    expect(parseHospitalCommand(['hospital', 'disable', '--id', 'H1'])).toEqual({ command: 'disable', id: 'H1' });
    expect(parseHospitalCommand(['hospital', 'enable', '--id', 'H1'])).toEqual({ command: 'enable', id: 'H1' });
    expect(parseHospitalCommand(['hospital', 'list'])).toEqual({ command: 'list' });
  });

  it.each([
    [[]],
    [['hospitals', 'list']],
    [['hospital']],
    [['hospital', 'remove', '--id', 'H1']],
    [['hospital', 'add', '--id', 'H1', '--name', 'X']],
    [['hospital', 'add', '--id', 'H1', '--name', 'X', '--region', '22010']],
    [['hospital', 'add', '--id', 'H1', '--name', 'X', '--region', 'abcdef']],
    [['hospital', 'add', '--id', '', '--name', 'X', '--region', '220100']],
    [['hospital', 'rotate-key']],
    [['hospital', 'rotate-key', '--id', 'H1', '--force']],
    [['hospital', 'revoke-key', '--id', 'H1']],
    [['hospital', 'list', '--verbose']],
    [['hospital', 'list', 'extra']],
  ])('refuses %j as a usage error', (argv) => {
    expect(() => parseHospitalCommand(argv)).toThrow(UsageError);
  });
});
