// The steady load of a fault run: the simulator's hospitals (tools/simulator) sending signed births
// through the public API at a fixed rate, with what follows them (the name a day later, a void),
// and some births submitted twice. Every ACKNOWLEDGED birth (202 with its case id) is recorded,
// one JSON line each, without personal data: the checker later asks the system about each one.
import { createWriteStream, type WriteStream } from 'node:fs';
import { Pool } from 'pg';
import { namingCorrection, planDelivery, type PlannedBirth, type PlannedDelivery } from '../../../tools/simulator/birth-generator';
import { BankAdmin } from '../../../tools/simulator/bank-desk';
import type { HospitalCredentials } from '../../../tools/simulator/hospitals';
import { SignedHospitalApi, type ApiAnswer } from '../../../tools/simulator/http-sender';
import { SeededRandom } from '../../../tools/simulator/random';
import { SEED_REGIONS } from '../../../tools/simulator/seed-regions';

/** One birth the gateway acknowledged (202 with a case id): what the checker expects of it. */
export interface AcknowledgedBirth {
  caseId: string;
  hospitalId: string;
  birthRecordId: string;
  deliveryId: string;
  /** The items the birth applied for (one department item each). */
  items: string[];
  plurality: number;
  variations: string[];
  /** Voided by the hospital 2 s after acceptance: its case ends voided. */
  voided: boolean;
  /** Submitted a second time (same record id): the second answer had to name the same case. */
  submittedTwice: boolean;
  /** The case id of the second answer, when it differed (a duplicate case: the checker fails the run). */
  secondCaseId?: string;
  acknowledgedAt: string;
}

export interface BirthLoadOptions {
  gatewayUrl: string;
  bankUrl: string;
  bankAdminToken: string;
  /**
   * The bank program's own database. While its API does not answer (it is killed or held by a
   * fault), a family's account is opened (or closed) in its `accounts` table directly, as the system
   * bench opens them: the bank program stands for the world outside, where the account exists
   * whatever the program is doing, and the load must not wait for it.
   */
  bankDatabaseUrl?: string;
  credentials: Map<string, HospitalCredentials>;
  seed: number;
  /** Deliveries per second. */
  ratePerSecond: number;
  /** Chance that a birth is submitted a second time at once (default 0.05). */
  duplicateChance?: number;
  /** Where the acknowledged births are written (JSON lines). */
  recordFile: string;
  /** How long after acceptance a named-later child's name is sent (default 10 s). */
  nameDelayMs?: number;
  note: (text: string) => void;
}

export interface LoadCounts {
  deliveries: number;
  sent: number;
  acknowledged: number;
  rejected: number;
  unanswered: number;
  submittedTwice: number;
  corrections: number;
  voids: number;
  followUpFailures: number;
}

export class BirthLoad {
  readonly counts: LoadCounts = { deliveries: 0, sent: 0, acknowledged: 0, rejected: 0, unanswered: 0, submittedTwice: 0, corrections: 0, voids: 0, followUpFailures: 0 };
  private readonly record: WriteStream;
  private readonly rng: SeededRandom;
  private readonly bank: BankAdmin;
  private readonly apis: Map<string, SignedHospitalApi>;
  private readonly inFlight = new Set<Promise<void>>();
  private readonly runId: string;
  private stopped = false;
  private loop: Promise<void> | null = null;
  private readonly notes = new Set<string>();
  private bankTable: Pool | null = null;

  constructor(private readonly options: BirthLoadOptions) {
    this.record = createWriteStream(options.recordFile, { flags: 'a' });
    this.rng = new SeededRandom(options.seed);
    this.bank = new BankAdmin(options.bankUrl, options.bankAdminToken);
    this.apis = new Map([...options.credentials].map(([id, c]) => [id, new SignedHospitalApi(options.gatewayUrl, c)]));
    this.runId = `F${options.seed.toString(36)}`.toUpperCase();
  }

  start(): void {
    const startedAt = Date.now();
    this.loop = (async () => {
      for (let i = 0; !this.stopped; i += 1) {
        const dueAt = startedAt + (i * 1000) / this.options.ratePerSecond;
        if (dueAt > Date.now()) await sleep(dueAt - Date.now());
        if (this.stopped) break;
        const region = SEED_REGIONS[i % SEED_REGIONS.length]!;
        const delivery = planDelivery(this.rng, { now: new Date(), runId: this.runId, sequence: i + 1, region });
        // Decided here, in plan order, so that the same seed submits the same births twice.
        const twice = delivery.births.map(() => this.rng.chance(this.options.duplicateChance ?? 0.05));
        this.counts.deliveries += 1;
        this.track(this.sendDelivery(delivery, twice));
      }
    })();
  }

  /** Stops planning deliveries and waits until every send and follow-up has finished. */
  async stop(): Promise<void> {
    this.stopped = true;
    await this.loop;
    while (this.inFlight.size > 0) await Promise.all([...this.inFlight]);
    await new Promise<void>((done) => this.record.end(done));
    await this.bankTable?.end();
  }

  private track(work: Promise<void>): void {
    const tracked = work.catch((error: Error) => this.noteOnce(`load: ${error.message.slice(0, 200)}`)).finally(() => this.inFlight.delete(tracked));
    this.inFlight.add(tracked);
  }

  private noteOnce(text: string): void {
    if (this.notes.has(text)) return;
    this.notes.add(text);
    this.options.note(text);
  }

  private async sendDelivery(delivery: PlannedDelivery, twice: boolean[]): Promise<void> {
    // The family's accounts exist whatever the platform's faults: opening them is retried while the bank restarts.
    const deadline = Date.now() + 120_000;
    for (;;) {
      try {
        for (const account of delivery.accountsToOpen) await this.bank.open(account.number, account.holderName);
        if (delivery.accountToClose) await this.bank.close(delivery.accountToClose);
        break;
      } catch (error) {
        if (await this.setUpInBankTable(delivery)) break;
        if (Date.now() > deadline) {
          this.noteOnce(`load: the bank did not take an account within 2 minutes (${(error as Error).message.slice(0, 120)})`);
          break;
        }
        await sleep(1_000);
      }
    }
    for (const [index, birth] of delivery.births.entries()) await this.sendBirth(delivery, birth, twice[index]!);
  }

  /** The delivery's accounts opened and closed in the bank program's table; false when there is no such database or it did not answer either. */
  private async setUpInBankTable(delivery: PlannedDelivery): Promise<boolean> {
    if (!this.options.bankDatabaseUrl) return false;
    this.bankTable ??= new Pool({ connectionString: this.options.bankDatabaseUrl, max: 2 });
    try {
      for (const account of delivery.accountsToOpen) {
        await this.bankTable.query(`INSERT INTO bank_simulator.accounts (number, holder_name) VALUES ($1, $2) ON CONFLICT DO NOTHING`, [account.number, account.holderName]);
      }
      if (delivery.accountToClose) {
        await this.bankTable.query(`UPDATE bank_simulator.accounts SET state = 'closed', closed_at = COALESCE(closed_at, now()) WHERE number = $1`, [delivery.accountToClose]);
      }
      this.noteOnce(`load: the bank's API did not answer; accounts opened in its table while it is down`);
      return true;
    } catch {
      return false;
    }
  }

  private async sendBirth(delivery: PlannedDelivery, birth: PlannedBirth, twice: boolean): Promise<void> {
    const api = this.apis.get(delivery.hospitalId)!;
    this.counts.sent += 1;
    const answer = await submit(api, birth.submission);
    if (!answer) {
      this.counts.unanswered += 1;
      return;
    }
    if (answer.status !== 202 && answer.status !== 200) {
      if (answer.status >= 400 && answer.status < 500 && answer.status !== 429) this.counts.rejected += 1;
      else this.counts.unanswered += 1;
      return;
    }
    const caseId = String(answer.body.caseId);
    const acknowledged: AcknowledgedBirth = {
      caseId,
      hospitalId: delivery.hospitalId,
      birthRecordId: birth.submission.birthRecordId,
      deliveryId: delivery.deliveryId,
      items: [...birth.submission.application.items],
      plurality: birth.submission.newborn.plurality,
      variations: delivery.variations,
      voided: delivery.voidReason !== null,
      submittedTwice: false,
      acknowledgedAt: new Date().toISOString(),
    };
    if (twice) {
      // The hospital's system sends the same birth again (a retry after a lost answer): same case, no second one.
      const again = await submit(api, birth.submission);
      if (again && (again.status === 202 || again.status === 200)) {
        acknowledged.submittedTwice = true;
        this.counts.submittedTwice += 1;
        if (String(again.body.caseId) !== caseId) acknowledged.secondCaseId = String(again.body.caseId);
      }
    }
    this.counts.acknowledged += 1;
    this.record.write(`${JSON.stringify(acknowledged)}\n`);

    const correction = namingCorrection(birth);
    if (correction) {
      this.track(
        this.later(this.options.nameDelayMs ?? 10_000, async () => {
          const corrected = await api.correct(caseId, correction);
          if (corrected.status === 202) this.counts.corrections += 1;
          // A voided birth is not corrected any more (409): as in life, the family's name comes too late.
          else if (!(corrected.status === 409 && delivery.voidReason)) answered(corrected, 'a naming correction');
        }),
      );
    }
    if (delivery.voidReason) {
      this.track(
        this.later(2_000, async () => {
          const voided = await api.void(caseId, delivery.voidReason!);
          if (voided.status === 202) this.counts.voids += 1;
          else answered(voided, 'a void');
        }),
      );
    }
  }

  /** A follow-up after `ms`, retried through faults (the gateway restarting) for up to two minutes. */
  private async later(ms: number, what: () => Promise<void>): Promise<void> {
    await sleep(ms);
    const deadline = Date.now() + 120_000;
    for (;;) {
      try {
        return await what();
      } catch (error) {
        if (error instanceof RefusedFollowUp || Date.now() > deadline) {
          this.counts.followUpFailures += 1;
          this.noteOnce(`load: a follow-up failed: ${(error as Error).message.slice(0, 160)}`);
          return;
        }
        await sleep(2_000);
      }
    }
  }
}

/** A follow-up the gateway refused (4xx): retrying it would not help. */
class RefusedFollowUp extends Error {}

/** Throws for any answer but 202: RefusedFollowUp for a refusal, a plain error (retried) for 5xx. */
function answered(answer: ApiAnswer, what: string): never {
  const text = `${what} answered ${answer.status} ${JSON.stringify(answer.body?.errors?.map((e: { code: string }) => e.code) ?? [])}`;
  if (answer.status >= 400 && answer.status < 500 && answer.status !== 429) throw new RefusedFollowUp(text);
  throw new Error(text);
}

/** One submission through the signed API (which retries 429/503 and lost answers); null when none came. */
async function submit(api: SignedHospitalApi, submission: unknown): Promise<ApiAnswer | null> {
  try {
    return await api.submit(submission);
  } catch {
    return null;
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((done) => setTimeout(done, ms));
}
