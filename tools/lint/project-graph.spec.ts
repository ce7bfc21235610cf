// The workspace's project graph read the way eslint.config.mjs reasons about it: edges that
// production code makes, and edges that only test code (TEST_CODE) makes. The lint rule ignores a
// cycle through `testing` (ignoredCircularDependencies); this suite proves that this cannot hide
// a real one: no production file depends on a type:testing project, and the production graph has
// no cycle at all. Like module-boundaries.spec.ts, it runs in a plain Node child process
// (eslint.config.mjs is an ES module that jest's sandbox cannot import).
import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { promisify } from 'node:util';

const repoRoot = resolve(__dirname, '../..');

const graphScript = `
import { createProjectGraphAsync } from '@nx/devkit';
import { readFileMapCache } from 'nx/src/devkit-internals.js';
import { minimatch } from 'minimatch';
import { TEST_CODE } from './eslint.config.mjs';
const graph = await createProjectGraphAsync({ exitOnError: false });
const edges = [];
for (const [project, files] of Object.entries(readFileMapCache().fileMap.projectFileMap)) {
  for (const file of files) {
    const testCode = TEST_CODE.some((glob) => minimatch(file.file, glob));
    for (const dep of file.deps ?? []) {
      const target = Array.isArray(dep) ? dep[0] : dep;
      if (graph.nodes[target] && target !== project) edges.push({ source: project, target, file: file.file, testCode });
    }
  }
}
const tags = Object.fromEntries(Object.values(graph.nodes).map((node) => [node.name, node.data.tags ?? []]));
process.stdout.write(JSON.stringify({ edges, tags }));
`;

interface Edge {
  source: string;
  target: string;
  file: string;
  testCode: boolean;
}

/** A cycle in the graph of `edges` (as project names, first = last), or null. */
function findCycle(edges: readonly Edge[]): string[] | null {
  const next = new Map<string, Set<string>>();
  for (const { source, target } of edges) next.set(source, (next.get(source) ?? new Set()).add(target));
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const visit = (node: string): string[] | null => {
    if (state.get(node) === 'done') return null;
    if (state.get(node) === 'open') return [...stack.slice(stack.indexOf(node)), node];
    state.set(node, 'open');
    stack.push(node);
    for (const target of next.get(node) ?? []) {
      const cycle = visit(target);
      if (cycle) return cycle;
    }
    stack.pop();
    state.set(node, 'done');
    return null;
  };
  for (const node of next.keys()) {
    const cycle = visit(node);
    if (cycle) return cycle;
  }
  return null;
}

describe('project graph (eslint.config.mjs TEST_CODE)', () => {
  let edges: Edge[];
  let tags: Record<string, string[]>;

  beforeAll(async () => {
    const { stdout } = await promisify(execFile)(process.execPath, ['--input-type=module', '-e', graphScript], {
      cwd: repoRoot,
      env: { ...process.env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true' },
      maxBuffer: 50 * 1024 * 1024,
    });
    ({ edges, tags } = JSON.parse(stdout) as { edges: Edge[]; tags: Record<string, string[]> });
  }, 60_000);

  it("sees the test-only edges it must tell apart (a lib's integration tests on @birth/testing)", () => {
    expect(edges.filter((e) => e.source === 'messaging' && e.target === 'testing').length).toBeGreaterThan(0);
    expect(edges.filter((e) => e.source === 'platform' && e.target === 'messaging' && !e.testCode).length).toBeGreaterThan(0);
  });

  it('has no production file depending on a type:testing project', () => {
    const offending = edges.filter((e) => !e.testCode && tags[e.target]?.includes('type:testing'));
    expect(offending.map((e) => `${e.file} -> ${e.target}`)).toEqual([]);
  });

  it('has no cycle among the projects when test code is left out', () => {
    expect(findCycle(edges.filter((e) => !e.testCode))).toBeNull();
  });

  it('finds a cycle when there is one (the check itself)', () => {
    const edge = (source: string, target: string): Edge => ({ source, target, file: `${source}.ts`, testCode: false });
    expect(findCycle([edge('a', 'b'), edge('b', 'c'), edge('c', 'a')])).toEqual(['a', 'b', 'c', 'a']);
    expect(findCycle([edge('a', 'b'), edge('b', 'c'), edge('a', 'c')])).toBeNull();
  });
});
