// Sends one birth as the demo hospital (made by `npm start`, infra/demo/ensure-demo.ts), signed as
// a hospital's system signs it (docs/hospital-integration.md), and says how to follow its case:
//
//   bash infra/run-node.sh infra/demo/send-birth.ts [--seed N]
//
// The birth is one the simulator would plan (tools/simulator/birth-generator.ts), named at once,
// in Dalian; its parents' accounts are opened at the demo bank first so that the allowance can pay.
// Environment: GATEWAY_URL (http://127.0.0.1:8080), BANK_URL (http://127.0.0.1:8087),
// BANK_ADMIN_TOKEN (the demo's), BIRTH_DEMO_DIR (where the demo hospital's file is).
// Exit 0 accepted, 1 refused or failed, 2 bad arguments or no demo hospital yet.
import 'reflect-metadata';
import { parseArgs } from 'node:util';
import { BankAdmin } from '../../tools/simulator/bank-desk';
import { planDelivery, type PlannedDelivery } from '../../tools/simulator/birth-generator';
import { SignedHospitalApi } from '../../tools/simulator/http-sender';
import { SeededRandom } from '../../tools/simulator/random';
import { SEED_REGIONS, type SeedRegion } from '../../tools/simulator/seed-regions';
import { DEMO_HOSPITAL, demoHospitalFile, readDemoHospital } from './demo-hospital';

const DALIAN = SEED_REGIONS.find((r) => r.county === DEMO_HOSPITAL.regionCode)!;
const DEMO_REGION: SeedRegion = { ...DALIAN, hospitalId: DEMO_HOSPITAL.id, hospitalName: DEMO_HOSPITAL.name, recordPrefix: 'DEMO' };

/** The first delivery from `seed` that goes straight through: valid, not voided, named, its accounts open. */
function plainDelivery(seed: number): PlannedDelivery {
  const rng = new SeededRandom(seed);
  const runId = Date.now().toString(36).toUpperCase();
  for (let sequence = 1; ; sequence += 1) {
    const delivery = planDelivery(rng, { now: new Date(), runId, sequence, region: DEMO_REGION });
    if (!delivery.invalid && !delivery.voidReason && !delivery.accountToClose && delivery.births.every((b) => !b.nameGivenLater)) return delivery;
  }
}

async function main(argv: string[]): Promise<number> {
  let seed: number;
  try {
    const { values } = parseArgs({ args: argv, strict: true, options: { seed: { type: 'string' } } });
    seed = values.seed === undefined ? Date.now() % 2 ** 32 : Number(values.seed);
    if (!Number.isInteger(seed) || seed < 0) throw new Error(`--seed must be a whole number (got "${values.seed}")`);
  } catch (error) {
    process.stderr.write(`send-birth: ${(error as Error).message}\nusage: bash infra/run-node.sh infra/demo/send-birth.ts [--seed N]\n`);
    return 2;
  }
  const file = demoHospitalFile();
  const hospital = await readDemoHospital(file);
  if (!hospital) {
    process.stderr.write(`send-birth: no demo hospital in ${file}: npm start makes it on its first start\n`);
    return 2;
  }
  const gatewayUrl = (process.env['GATEWAY_URL'] ?? 'http://127.0.0.1:8080').replace(/\/+$/, '');
  const delivery = plainDelivery(seed);
  try {
    const bank = new BankAdmin((process.env['BANK_URL'] ?? 'http://127.0.0.1:8087').replace(/\/+$/, ''), process.env['BANK_ADMIN_TOKEN'] ?? 'demo-bank-admin-token');
    for (const account of delivery.accountsToOpen) await bank.open(account.number, account.holderName);
  } catch (error) {
    process.stderr.write(`send-birth: the demo bank did not open the parents' accounts (${(error as Error).message}): the allowance's payment will be refused\n`);
  }
  const api = new SignedHospitalApi(gatewayUrl, hospital);
  for (const { submission } of delivery.births) {
    const answer = await api.submit(submission);
    if (answer.status !== 202 && answer.status !== 200) {
      process.stderr.write(`send-birth: the gateway answered ${answer.status}: ${JSON.stringify(answer.body)}\n`);
      return 1;
    }
    const caseId = String(answer.body.caseId);
    process.stdout.write(
      [
        `accepted: birth record ${submission.birthRecordId} of ${hospital.hospitalId}, case ${caseId} (seed ${seed})`,
        `  the case's internal view (the saga's query API; personal data masked):`,
        `    curl -s -H 'Authorization: Bearer demo-internal-token' -H 'X-Actor: demo:you' http://127.0.0.1:8186/internal/cases/${caseId}`,
        '',
      ].join('\n'),
    );
  }
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: Error) => {
    process.stderr.write(`send-birth: ${error.message}\n`);
    process.exit(1);
  },
);
