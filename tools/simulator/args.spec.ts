import { parseSimulatorArgs, SimulatorUsageError, USAGE } from './args';

const parse = (argv: string[], env: NodeJS.ProcessEnv = {}) => parseSimulatorArgs(argv, env, 7);

describe('the simulator\'s arguments', () => {
  it('has defaults for everything', () => {
    expect(parse([])).toEqual({
      help: false,
      ratePerSecond: 5,
      durationSeconds: 30,
      via: 'http',
      daysPerMinute: null,
      drainSeconds: 60,
      seed: 7,
      hospitalsFile: null,
      progress: true,
    });
  });

  it('reads every option', () => {
    expect(
      parse(['--rate', '20', '--duration', '60', '--via', 'kafka', '--days-per-minute', '2.5', '--drain', '0', '--seed', '123', '--hospitals', '/tmp/h.json', '--no-progress']),
    ).toEqual({ help: false, ratePerSecond: 20, durationSeconds: 60, via: 'kafka', daysPerMinute: 2.5, drainSeconds: 0, seed: 123, hospitalsFile: '/tmp/h.json', progress: false });
    expect(parse(['--rate=0.5']).ratePerSecond).toBe(0.5);
  });

  it('answers --help and -h', () => {
    expect(parse(['--help']).help).toBe(true);
    expect(parse(['-h']).help).toBe(true);
    expect(USAGE).toContain('--days-per-minute');
  });

  it.each([
    [['--rate', 'fast'], '--rate must be a number (got "fast")'],
    [['--rate', '0'], '--rate must be between 0.01 and 1000 (got 0)'],
    [['--rate', '-3'], "Option '--rate' argument is ambiguous"],
    [['--duration', '0'], '--duration must be between 1 and 86400 (got 0)'],
    [['--via', 'ftp'], '--via must be http or kafka (got "ftp")'],
    [['--seed', '1.5'], '--seed must be a whole number (got "1.5")'],
    [['--days-per-minute', '5000'], '--days-per-minute must be between 0.01 and 1440 (got 5000)'],
    [['--hospitals', ''], '--hospitals needs a file name'],
    [['--speed', '3'], "Unknown option '--speed'"],
    [['extra'], "Unexpected argument 'extra'"],
    [['--rate'], "Option '--rate <value>' argument missing"],
  ])('refuses %j with a clear message', (argv, message) => {
    expect(() => parse(argv)).toThrow(SimulatorUsageError);
    expect(() => parse(argv)).toThrow(message);
  });

  it('refuses --days-per-minute with NODE_ENV=production, and allows it otherwise', () => {
    expect(() => parse(['--days-per-minute', '10'], { NODE_ENV: 'production' })).toThrow(/refused with NODE_ENV=production/);
    expect(parse(['--days-per-minute', '10'], { NODE_ENV: 'development' }).daysPerMinute).toBe(10);
    expect(parse(['--rate', '3'], { NODE_ENV: 'production' }).ratePerSecond).toBe(3);
  });
});
