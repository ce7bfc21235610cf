import { execFile } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { chromium, type Browser, type Page } from 'playwright-core';
import { REPO_ROOT } from '@birth/testing';

// The console's browser tests drive Debian's chromium package (/usr/bin/chromium) through
// playwright-core: no browser download. .ci/run installs it, with a CJK font, when missing.

export const CHROMIUM = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';
/** Where the run's screenshots go (gitignored); README's dashboard image is copied from here by hand. */
export const SCREENSHOTS_DIR = join(REPO_ROOT, 'tmp', 'screenshots');

export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(`no chromium at ${CHROMIUM}: apt-get install -y --no-install-recommends chromium fonts-noto-cjk (.ci/run does)`);
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/** Builds the console into dist/console as `npm start` does (apps/console/build.ts). */
export async function buildConsole(): Promise<void> {
  await promisify(execFile)('bash', ['infra/run-node.sh', 'apps/console/build.ts'], { cwd: REPO_ROOT, timeout: 120_000 });
}

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS_DIR, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS_DIR, `${name}.png`), fullPage: true });
}

/** Signs in through the console's own form and waits for the user's name in the header. */
export async function signIn(page: Page, baseUrl: string, username: string, password: string): Promise<void> {
  await page.goto(`${baseUrl}/console/`);
  await page.getByTestId('username').fill(username);
  await page.getByTestId('password').fill(password);
  await page.getByTestId('sign-in').click();
  await page.getByTestId('signed-in-user').filter({ hasText: username }).waitFor();
}
