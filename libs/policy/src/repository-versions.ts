import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import type { ResolvedRules } from './policy-store';
import { PolicyStore } from './policy-store';
import { parsePolicyDocument } from './validate-policy-document';

// The versions kept in the repository (libs/policy/data/*.json): every service starts from them,
// and later versions arrive at run time (PolicyStore.add).

/** libs/policy/data, where the repository's versions live. */
export const REPOSITORY_POLICY_DIRECTORY = resolve(__dirname, '..', 'data');

const REPOSITORY_ROOT = resolve(__dirname, '..', '..', '..');

/**
 * A store with every `*.json` version of a directory, each checked; the first bad file stops the
 * load with a PolicyFileError naming the file (relative to the repository), the path and the problem.
 */
export function loadPolicyDirectory(directory: string = REPOSITORY_POLICY_DIRECTORY): PolicyStore {
  const store = new PolicyStore();
  const files = readdirSync(directory)
    .filter((name) => name.endsWith('.json'))
    .sort();
  for (const name of files) {
    const path = join(directory, name);
    const file = relative(REPOSITORY_ROOT, path);
    store.add(parsePolicyDocument(readFileSync(path, 'utf8'), file), file);
  }
  return store;
}

let repositoryStore: PolicyStore | undefined;

/**
 * Every rule for a region on a China date, from the repository's versions only. A service that
 * also receives versions at run time keeps its own PolicyStore (loadPolicyDirectory(), then add()).
 */
export function rulesFor(regionCode: string, onDate: string): ResolvedRules {
  repositoryStore ??= loadPolicyDirectory();
  return repositoryStore.rulesFor(regionCode, onDate);
}
