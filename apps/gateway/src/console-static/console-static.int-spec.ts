import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { CONSOLE_DIST } from './console-files';
import { ConsoleStaticController } from './console-static.controller';

/** The console's static files over real HTTP (Express), from a build directory of the test's own. */
describe('the console served at /console/', () => {
  let app: INestApplication;
  let url: string;
  const dist = mkdtempSync(join(tmpdir(), 'console-static-'));

  beforeAll(async () => {
    const moduleRef = await Test.createTestingModule({ controllers: [ConsoleStaticController], providers: [{ provide: CONSOLE_DIST, useValue: dist }] }).compile();
    app = moduleRef.createNestApplication({ logger: false });
    await app.listen(0, '127.0.0.1');
    url = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  });

  afterAll(async () => {
    await app?.close();
    rmSync(dist, { recursive: true, force: true });
  });

  it('answers 503 CONSOLE_NOT_BUILT before a build: a page for a browser, the error shape for anything else', async () => {
    const page = await fetch(`${url}/console/`, { headers: { accept: 'text/html' } });
    expect({ status: page.status, type: page.headers.get('content-type') }).toEqual({ status: 503, type: expect.stringMatching(/^text\/html/) });
    expect(await page.text()).toContain('npm run console:build');
    const json = await fetch(`${url}/console/dashboard`, { headers: { accept: 'application/json' } });
    expect(json.status).toBe(503);
    expect(await json.json()).toEqual({ errors: [{ field: 'console', code: 'CONSOLE_NOT_BUILT', message: { zh: expect.any(String), en: expect.any(String) } }] });
  });

  it('once built: /console redirects to /console/, routes get index.html (no-cache), assets are immutable, an unknown asset is 404', async () => {
    mkdirSync(join(dist, 'assets'), { recursive: true });
    writeFileSync(join(dist, 'index.html'), '<!doctype html><div id="root"></div>');
    writeFileSync(join(dist, 'assets', 'index-AbC123.js'), 'console.log(1)');

    const bare = await fetch(`${url}/console`, { redirect: 'manual' });
    expect({ status: bare.status, location: bare.headers.get('location') }).toEqual({ status: 301, location: '/console/' });
    for (const path of ['/console/', '/console/cases/5f0c2a8e-3d4b-4c1a-9e6f-7a8b9c0d1e2f', '/console/dashboard']) {
      const page = await fetch(`${url}${path}`);
      expect({ path, status: page.status, cache: page.headers.get('cache-control'), body: await page.text() }).toEqual({
        path,
        status: 200,
        cache: 'no-cache',
        body: '<!doctype html><div id="root"></div>',
      });
    }
    const asset = await fetch(`${url}/console/assets/index-AbC123.js`);
    expect({ status: asset.status, cache: asset.headers.get('cache-control'), type: asset.headers.get('content-type') }).toEqual({
      status: 200,
      cache: 'public, max-age=31536000, immutable',
      type: expect.stringMatching(/javascript/),
    });
    expect((await fetch(`${url}/console/assets/index-Old999.js`)).status).toBe(404);
    // Encoded slashes reach the route as `../../…`: never a file outside the build directory.
    const outside = `${basename(dist)}-outside.txt`;
    writeFileSync(join(dist, '..', outside), 'secret');
    try {
      const answer = await fetch(`${url}/console/..%2f${outside}`);
      expect(await answer.text()).toBe('<!doctype html><div id="root"></div>');
    } finally {
      rmSync(join(dist, '..', outside), { force: true });
    }
  });
});
