import { parseMetricsTargets } from './console-upstreams';

describe('the services whose metrics the health page reads', () => {
  it('reads name=url pairs in order, without trailing slashes', () => {
    expect(parseMetricsTargets(' gateway=http://127.0.0.1:8080/ ,case-saga=http://saga:8086,')).toEqual([
      { service: 'gateway', url: 'http://127.0.0.1:8080' },
      { service: 'case-saga', url: 'http://saga:8086' },
    ]);
  });

  it('refuses what is not name=url', () => {
    expect(() => parseMetricsTargets('gateway')).toThrow('CONSOLE_METRICS_TARGETS: "gateway" is not name=url');
    expect(() => parseMetricsTargets('gateway=not a url')).toThrow();
  });
});
