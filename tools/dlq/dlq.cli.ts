// `npm run dlq -- list <topic>` / `npm run dlq -- replay <topic> (--ids 0:12,3:4 | --all) [--actor WHO] [--note TEXT]`:
// the same as `npm run cli -- dlq …`, the administrators' one tool (apps/gateway/src/cli,
// dead-letters-command.ts), kept under its old name for the runbooks that use it.
process.argv.splice(2, 0, 'dlq');
// After the arguments are in place: the CLI reads them when it loads.
void import('../../apps/gateway/src/cli/main');
