import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { consoleFileFor, IMMUTABLE, REVALIDATE } from './console-files';

describe('consoleFileFor', () => {
  let dist: string;
  beforeEach(() => {
    dist = mkdtempSync(join(tmpdir(), 'console-dist-'));
  });
  afterEach(() => rmSync(dist, { recursive: true, force: true }));

  function build(): void {
    mkdirSync(join(dist, 'assets'));
    writeFileSync(join(dist, 'index.html'), '<!doctype html>');
    writeFileSync(join(dist, 'assets', 'index-AbC123.js'), 'x');
    writeFileSync(join(dist, 'favicon.svg'), '<svg/>');
  }

  it('says the console is not built when there is no index.html', () => {
    expect(consoleFileFor('', dist)).toEqual({ kind: 'not-built' });
    expect(consoleFileFor('cases/1', dist)).toEqual({ kind: 'not-built' });
  });

  it('serves hashed assets as immutable and other files to be revalidated', () => {
    build();
    expect(consoleFileFor('assets/index-AbC123.js', dist)).toEqual({ kind: 'file', path: join(dist, 'assets', 'index-AbC123.js'), cache: IMMUTABLE });
    expect(consoleFileFor('favicon.svg', dist)).toEqual({ kind: 'file', path: join(dist, 'favicon.svg'), cache: REVALIDATE });
  });

  it('answers client routes with index.html, never cached', () => {
    build();
    for (const route of ['', 'cases', 'cases/5f0c/timeline', 'dashboard']) {
      expect(consoleFileFor(route, dist)).toEqual({ kind: 'file', path: join(dist, 'index.html'), cache: REVALIDATE });
    }
  });

  it('answers an unknown asset with 404, not with the page', () => {
    build();
    expect(consoleFileFor('assets/index-Old999.js', dist)).toEqual({ kind: 'missing-asset' });
    expect(consoleFileFor('old.css', dist)).toEqual({ kind: 'missing-asset' });
  });

  it('never leaves the build directory', () => {
    build();
    writeFileSync(join(dist, '..', `${dist.split('/').pop()}-secret.txt`), 'secret');
    const outside = consoleFileFor(`../${dist.split('/').pop()}-secret.txt`, dist);
    expect(outside).toEqual({ kind: 'file', path: join(dist, 'index.html'), cache: REVALIDATE });
    expect(consoleFileFor('../../etc/passwd', dist)).toEqual({ kind: 'file', path: join(dist, 'index.html'), cache: REVALIDATE });
    rmSync(join(dist, '..', `${dist.split('/').pop()}-secret.txt`));
  });
});
