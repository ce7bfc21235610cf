import { DEMO_INTERNAL_TOKEN, InternalApiClient } from '@birth/platform';
import { TopicNamer } from '@birth/messaging';
import type { SimulatorOptions } from './args';
import { namingCorrection, planDelivery, type PlannedBirth, type PlannedDelivery } from './birth-generator';
import { AllowanceClerk, BankAdmin } from './bank-desk';
import { CaseWatcher, type SagaCase } from './case-watcher';
import { SagaDemoClock } from './demo-clock';
import { defaultHospitalsFile, hospitalCredentials, type HospitalCredentials } from './hospitals';
import { SignedHospitalApi, sleep, type ApiAnswer } from './http-sender';
import { KafkaIngressSender } from './kafka-sender';
import { ProgressBar } from './progress';
import { SeededRandom } from './random';
import { SEED_REGIONS } from './seed-regions';
import { newTally, type RunTally } from './summary';

// One run: plans deliveries at the rate asked, sends each birth (HTTP or Kafka), then what the
// hospital and the family do afterwards (the name a day later, a void, a clerk's account
// correction), follows every case through the saga, and tallies it all.

/** Where the running system is (the same defaults as npm start). */
export interface SimulationEnvironment {
  gatewayUrl: string;
  kafkaBrokers: string[];
  topicPrefix: string;
  sagaInternalUrl: string;
  allowanceInternalUrl: string;
  bankUrl: string;
  bankAdminToken: string;
  internalToken: string;
  sagaDatabaseUrl: string;
  sagaDatabaseSchema: string;
  hospitalsFile: string;
}

export function simulationEnvironment(env: NodeJS.ProcessEnv, options: Pick<SimulatorOptions, 'hospitalsFile'>): SimulationEnvironment {
  const production = env['NODE_ENV'] === 'production';
  const internalToken = env['INTERNAL_API_TOKEN'] ?? (production ? '' : DEMO_INTERNAL_TOKEN);
  if (!internalToken) throw new Error("INTERNAL_API_TOKEN is required in production (the simulator's token in the saga's and the allowance's INTERNAL_API_TOKENS)");
  return {
    gatewayUrl: (env['GATEWAY_URL'] ?? 'http://127.0.0.1:8080').replace(/\/+$/, ''),
    kafkaBrokers: (env['KAFKA_BROKERS'] ?? '127.0.0.1:9092').split(','),
    topicPrefix: env['KAFKA_TOPIC_PREFIX'] ?? '',
    sagaInternalUrl: env['CASE_SAGA_INTERNAL_URL'] ?? 'http://127.0.0.1:8186',
    allowanceInternalUrl: env['MATERNITY_ALLOWANCE_INTERNAL_URL'] ?? 'http://127.0.0.1:8185',
    bankUrl: (env['BANK_URL'] ?? 'http://127.0.0.1:8087').replace(/\/+$/, ''),
    bankAdminToken: env['BANK_ADMIN_TOKEN'] ?? (production ? '' : 'demo-bank-admin-token'),
    internalToken,
    sagaDatabaseUrl: env['CASE_SAGA_DATABASE_URL'] ?? 'postgres://case_saga:case_saga@127.0.0.1:5432/birth',
    sagaDatabaseSchema: env['CASE_SAGA_DATABASE_SCHEMA'] ?? 'case_saga',
    hospitalsFile: options.hospitalsFile ?? defaultHospitalsFile(env),
  };
}

/** Without --days-per-minute a "day later" cannot pass in a short run: the name comes this much later instead. */
export const NAME_DELAY_WITHOUT_CLOCK_MS = 10_000;
const VOID_AFTER_MS = 2_000;
const POLL_EVERY_MS = 1_000;

export interface SimulationIo {
  note(text: string): void;
  progress: ProgressBar;
}

export async function runSimulation(options: SimulatorOptions, environment: SimulationEnvironment, io: SimulationIo): Promise<RunTally> {
  const runId = `${Date.now().toString(36)}${options.seed.toString(36)}`.toUpperCase();
  const credentials = await hospitalCredentials(environment.hospitalsFile, SEED_REGIONS, io.note);
  const bank = new BankAdmin(environment.bankUrl, environment.bankAdminToken);
  const clerk = new AllowanceClerk(new InternalApiClient({ baseUrl: environment.allowanceInternalUrl, token: environment.internalToken }));
  const http = new Map([...credentials].map(([id, c]) => [id, new SignedHospitalApi(environment.gatewayUrl, c)]));
  const kafka = options.via === 'kafka' ? new KafkaIngressSender(environment.kafkaBrokers, new TopicNamer(environment.topicPrefix), runId) : null;
  const clock = options.daysPerMinute === null ? null : await SagaDemoClock.connect(environment.sagaDatabaseUrl, environment.sagaDatabaseSchema, options.daysPerMinute);
  const dayMs = options.daysPerMinute === null ? NAME_DELAY_WITHOUT_CLOCK_MS : 86_400_000 / (clock!.speed);
  if (options.daysPerMinute === null) io.note(`without --days-per-minute a day cannot pass: names are given ${NAME_DELAY_WITHOUT_CLOCK_MS / 1000} s after the birth`);

  const rng = new SeededRandom(options.seed);
  const planned = Math.max(1, Math.round(options.ratePerSecond * options.durationSeconds));
  const tally = newTally(Date.now());
  const watcher = new CaseWatcher(new InternalApiClient({ baseUrl: environment.sagaInternalUrl, token: environment.internalToken }), tally);
  const followUps: Promise<void>[] = [];
  const inFlight = new Set<Promise<void>>();
  const accountsToCorrect = new Map<string, PlannedDelivery>();
  const notes = new Set<string>();
  const noteOnce = (text: string) => {
    if (!notes.has(text)) tally.notes.push(text);
    notes.add(text);
  };
  let sent = 0;
  let phase = 'sending' as 'sending' | 'follow-ups' | 'draining';
  const redraw = () =>
    io.progress.update({ sent, planned, accepted: tally.accepted, rejected: tally.rejected, completed: [...tally.cases.values()].filter((c) => c.latencyMs !== null).length, pending: watcher.pending, phase });

  watcher.onAnswer((caseId, saga) => {
    const delivery = accountsToCorrect.get(caseId);
    const allowance = saga.steps.find((s) => s.item === 'maternity-allowance');
    if (!delivery || !allowance?.claimId || allowance.state !== 'awaiting_applicant' || !allowance.waitingFor.includes('bank-account')) return;
    accountsToCorrect.delete(caseId);
    followUps.push(correctAccount(caseId, allowance.claimId, delivery));
  });

  async function correctAccount(caseId: string, claimId: string, delivery: PlannedDelivery): Promise<void> {
    try {
      const outcome = await clerk.correctMothersAccount(claimId, caseId, delivery.correctedAccount!);
      if (outcome.done) tally.accountsCorrected += 1;
      else noteOnce(outcome.reason);
    } catch (error) {
      noteOnce(`the clerk could not correct an account: ${(error as Error).message}`);
    }
  }

  async function prepareAccounts(delivery: PlannedDelivery): Promise<void> {
    try {
      for (const account of delivery.accountsToOpen) await bank.open(account.number, account.holderName);
      if (delivery.accountToClose) await bank.close(delivery.accountToClose);
    } catch (error) {
      noteOnce(`the bank program did not take the accounts (${(error as Error).message.slice(0, 120)}): payments will be refused`);
    }
  }

  function record(answer: ApiAnswer, requestAtMs: number): string | null {
    if (answer.status === 202 || answer.status === 200) {
      tally.accepted += 1;
      const caseId = String(answer.body.caseId);
      watcher.watch(caseId, requestAtMs);
      return caseId;
    }
    if (answer.status >= 400 && answer.status < 500 && answer.status !== 429) {
      tally.rejected += 1;
      const codes = new Set<string>((answer.body?.errors ?? []).map((e: { code: string }) => e.code));
      if (codes.size === 0) codes.add(`HTTP_${answer.status}`);
      for (const code of codes) tally.rejectedByCode[code] = (tally.rejectedByCode[code] ?? 0) + 1;
      return null;
    }
    tally.unanswered += 1;
    return null;
  }

  async function later(ms: number, what: () => Promise<void>): Promise<void> {
    await sleep(ms);
    await what().catch((error: Error) => noteOnce(`a follow-up failed: ${error.message.slice(0, 160)}`));
  }

  async function sendBirth(delivery: PlannedDelivery, birth: PlannedBirth, hospital: HospitalCredentials): Promise<void> {
    const api = http.get(hospital.hospitalId)!;
    const requestAtMs = Date.now();
    let answer: ApiAnswer;
    try {
      answer = kafka ? await kafka.submit(hospital, birth.submission) : await api.submit(birth.submission);
    } catch {
      tally.unanswered += 1;
      return;
    }
    const caseId = record(answer, requestAtMs);
    if (!caseId) return;
    const correction = namingCorrection(birth);
    if (correction) {
      followUps.push(
        later(dayMs, async () => {
          const corrected = await api.correct(caseId, correction);
          if (corrected.status === 202) tally.corrections += 1;
          else noteOnce(`a naming correction answered ${corrected.status}`);
        }),
      );
    }
    if (delivery.voidReason) {
      followUps.push(
        later(VOID_AFTER_MS, async () => {
          const voided = await api.void(caseId, delivery.voidReason!);
          if (voided.status === 202) tally.voids += 1;
          else noteOnce(`a void answered ${voided.status}`);
        }),
      );
    }
    if (delivery.correctedAccount) accountsToCorrect.set(caseId, delivery);
  }

  async function sendDelivery(delivery: PlannedDelivery): Promise<void> {
    await prepareAccounts(delivery);
    const hospital = credentials.get(delivery.hospitalId)!;
    // One baby after another, as a hospital's system sends twins.
    for (const birth of delivery.births) await sendBirth(delivery, birth, hospital);
  }

  let stopPolling = false;
  const polling = (async () => {
    while (!stopPolling) {
      await watcher.pollOnce();
      redraw();
      await sleep(POLL_EVERY_MS);
    }
  })();

  try {
    await kafka?.start();
    clock?.start();
    const startedAt = Date.now();
    tally.startedAtMs = startedAt;
    for (let i = 0; i < planned; i += 1) {
      const dueAt = startedAt + (i * 1000) / options.ratePerSecond;
      if (dueAt > Date.now()) await sleep(dueAt - Date.now());
      const region = SEED_REGIONS[i % SEED_REGIONS.length]!;
      const delivery = planDelivery(rng, { now: new Date(), runId, sequence: i + 1, region });
      const sending = sendDelivery(delivery).finally(() => inFlight.delete(sending));
      inFlight.add(sending);
      sent += 1;
      redraw();
    }
    await Promise.all(inFlight);
    phase = 'follow-ups';
    // Follow-ups may add follow-ups (a clerk's correction once the saga shows the refusal): until none is left.
    for (let done = 0; done < followUps.length; done = followUps.length) await Promise.all(followUps.slice(done));
    phase = 'draining';
    const drainUntil = Date.now() + options.drainSeconds * 1000;
    while (watcher.pending > 0 && watcher.unavailable === null && Date.now() < drainUntil) {
      await sleep(500);
      await Promise.all(followUps);
    }
    await Promise.all(followUps);
  } finally {
    stopPolling = true;
    await polling.catch(() => undefined);
    io.progress.done();
    await Promise.allSettled([kafka?.stop(), clock?.stop()]);
  }
  if (watcher.unavailable) noteOnce(`cases were not followed: ${watcher.unavailable}`);
  if (accountsToCorrect.size > 0) noteOnce(`${accountsToCorrect.size} closed account(s) were not corrected: the saga never showed the allowance waiting for a bank account`);
  if (clock?.failure) noteOnce(`the saga's clock could not be moved: ${clock.failure}`);
  if (clock) tally.notes.push(`the saga's clock was moved ${(clock.movedMs / 86_400_000).toFixed(2)} day(s) ahead (--days-per-minute ${options.daysPerMinute})`);
  return tally;
}

export type { SagaCase };
