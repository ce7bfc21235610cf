// `npm run console:build`: builds the console with Vite's build API and apps/console/vite.config.ts
// into dist/console, where the gateway serves it at /console/. Run by `npm start` before the services.
import config from './vite.config';

async function main(): Promise<void> {
  const started = Date.now();
  // React and Ant Design pick their production builds from NODE_ENV, which Vite takes from the
  // environment when set: a build run from a test (NODE_ENV=test) must still be a production one.
  process.env['NODE_ENV'] = 'production';
  // Vite is ESM only; Node 24 loads it from this CommonJS entry point (require of an ES module).
  // The configuration is passed as an object (configFile: false): Vite need not bundle and load it again.
  const { build } = await import('vite');
  await build({ ...config, configFile: false, mode: 'production' });
  process.stdout.write(`[console] built into dist/console in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`[console] build failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
