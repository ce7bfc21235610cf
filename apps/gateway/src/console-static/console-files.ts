import { existsSync, statSync } from 'node:fs';
import { join, normalize, resolve, sep } from 'node:path';

/** Where `npm run console:build` (apps/console/build.ts) writes the console. */
export const CONSOLE_DIST_DIR = resolve(__dirname, '../../../../dist/console');
/** The injection token of the directory served (CONSOLE_DIST_DIR; a test gives its own). */
export const CONSOLE_DIST = Symbol('CONSOLE_DIST');

/** What to answer for a path under /console/. */
export type ConsoleFile =
  | { kind: 'not-built' }
  | { kind: 'file'; path: string; cache: string }
  | { kind: 'missing-asset' };

/** Hashed bundles never change under one name: a year, immutable. */
export const IMMUTABLE = 'public, max-age=31536000, immutable';
/** index.html names the current bundles: always asked again. */
export const REVALIDATE = 'no-cache';

/**
 * Decides which file answers `relative` (the path after /console/): a built file as it is (hashed
 * assets cached as immutable), an unknown asset a 404 (a stale page must not get HTML for a
 * script), and any other path index.html, since the app routes on the client (/console/cases/…).
 * Paths never leave the build directory.
 */
export function consoleFileFor(relative: string, distDir = CONSOLE_DIST_DIR): ConsoleFile {
  const index = join(distDir, 'index.html');
  if (!existsSync(index)) return { kind: 'not-built' };
  const wanted = normalize(relative).replace(/^([/\\])+/, '');
  const full = resolve(distDir, wanted);
  const inside = full === distDir || full.startsWith(distDir + sep);
  if (inside && wanted !== '' && isFile(full)) return { kind: 'file', path: full, cache: wanted.startsWith('assets/') ? IMMUTABLE : REVALIDATE };
  if (wanted.startsWith('assets/') || /\.(js|css|map|png|svg|ico|woff2?)$/.test(wanted)) return { kind: 'missing-asset' };
  return { kind: 'file', path: index, cache: REVALIDATE };
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}
