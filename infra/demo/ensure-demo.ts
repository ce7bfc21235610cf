// The demo's own data, made on the first `npm start` (infra/start.sh runs this after the
// migrations) and reused by every later start: the demo hospital and its key (infra/demo/demo-hospital.ts),
// kept outside the repository in $BIRTH_DEMO_DIR (default ~/.config/birth-one-thing/demo), and the
// console's demo logins (apps/gateway/src/console-auth/demo-users.ts). What was made is printed
// once; a later start prints only where it is. Never prints the hospital's secret; a demo login's
// password is printed the one time it is made (it is stored only as a hash).
//
// Environment: the gateway's (GatewayConfig: DATABASE_URL, DATABASE_SCHEMA, SECRETS_KEK), as
// infra/start.sh gives it; BIRTH_DEMO_DIR. Refused with NODE_ENV=production.
import 'reflect-metadata';
import { createServiceDataSource, loadConfig, SecretBox } from '@birth/platform';
import { GatewayConfig } from '../../apps/gateway/src/config';
import { ensureDemoUsers, type DemoLogin } from '../../apps/gateway/src/console-auth/demo-users';
import { HospitalsAdmin } from '../../apps/gateway/src/hospitals/hospitals-admin';
import { HospitalsRepository } from '../../apps/gateway/src/hospitals/hospitals.repository';
import { AuditLog } from '../../apps/gateway/src/security/audit-log';
import { demoHospitalFile, ensureDemoHospital, type DemoHospitalOutcome } from './demo-hospital';

const say = (text: string) => process.stdout.write(`[demo] ${text}\n`);

function report(outcome: DemoHospitalOutcome, gatewayUrl: string): void {
  const { hospital, file } = outcome;
  if (outcome.kind === 'reused') {
    say(`demo hospital ${hospital.hospitalId} (key ${hospital.keyId}): ${file}${outcome.enabled ? '' : ' — disabled (npm run cli -- hospital enable --id ' + hospital.hospitalId + ')'}`);
    return;
  }
  say(outcome.kind === 'created' ? 'made the demo hospital (shown this once; later starts only say where it is):' : `gave the demo hospital a new key (${outcome.why}):`);
  for (const line of [
    `hospital   ${hospital.hospitalId}  ${hospital.name}, region ${hospital.regionCode}`,
    `key id     ${hospital.keyId}`,
    `secret     in ${file} (mode 0600, outside the repository; never printed)`,
    `send a birth as this hospital, then follow its case:`,
    `    bash infra/run-node.sh infra/demo/send-birth.ts`,
    `sign by hand (curl and openssl, docs/hospital-integration.md "Sending a birth with curl and openssl"):`,
    `    export GATEWAY=${gatewayUrl} HOSPITAL_ID=${hospital.hospitalId} KEY_ID=${hospital.keyId}`,
    `    export SECRET="$(node -p 'require(process.argv[1]).secret' ${file})"`,
    `many births from four simulated hospitals (their own keys, made on the first run):`,
    `    npm run simulate -- --rate 5 --duration 20`,
  ]) {
    say(`  ${line}`);
  }
}

const DEMO_USERNAMES = 'demo-clerk, demo-operator, demo-auditor';

function reportLogins(created: DemoLogin[], consoleUrl: string): void {
  if (created.length === 0) {
    say(`console ${consoleUrl}: logins ${DEMO_USERNAMES} (passwords were shown on the first start; a new one:`);
    say(`  printf '%s\\n' 'a new passphrase' | npm run --silent cli -- user reset-password --username demo-clerk --password-stdin)`);
    return;
  }
  say(`console ${consoleUrl}: demo logins made (passwords shown this once; stored only as hashes):`);
  for (const login of created) {
    say(`  ${login.username.padEnd(14)} ${login.password}   ${login.role}${login.regions.length ? `, regions ${login.regions.join(' ')}` : ''}`);
  }
}

async function main(): Promise<void> {
  if (process.env['NODE_ENV'] === 'production') throw new Error('the demo data is never made with NODE_ENV=production');
  const config = loadConfig(GatewayConfig);
  const dataSource = await createServiceDataSource({ url: config.DATABASE_URL, schema: config.DATABASE_SCHEMA, migrations: [], poolSize: 2 }).initialize();
  try {
    const hospitals = new HospitalsRepository(dataSource);
    const admin = new HospitalsAdmin(hospitals, new AuditLog(dataSource), SecretBox.fromBase64(config.SECRETS_KEK), 'demo:npm-start');
    const gatewayUrl = `http://127.0.0.1:${config.PORT}`;
    report(await ensureDemoHospital(admin, hospitals, demoHospitalFile()), gatewayUrl);
    reportLogins(await ensureDemoUsers(dataSource), `${gatewayUrl}/console/`);
  } finally {
    await dataSource.destroy();
  }
}

main().then(
  () => process.exit(0),
  (error: Error) => {
    process.stderr.write(`[demo] ${error.message}\n`);
    process.exit(1);
  },
);
