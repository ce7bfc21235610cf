// The births of a bench run: the simulator's deliveries (tools/simulator/birth-generator.ts, a
// seeded mix of twins, caesareans, non-local parents, uninsured mothers…), each child named at
// once and none voided or invalid, so that every case can reach its end without a follow-up;
// sent open loop through the gateway's public API, signed as a hospital signs (the simulator's
// SignedHospitalApi).
import type { BirthSubmissionV1 } from '@birth/contracts';
import { planDelivery } from '../../tools/simulator/birth-generator';
import type { HospitalCredentials } from '../../tools/simulator/hospitals';
import { SignedHospitalApi } from '../../tools/simulator/http-sender';
import { SeededRandom } from '../../tools/simulator/random';
import { SEED_REGIONS } from '../../tools/simulator/seed-regions';

export interface BenchBirth {
  hospitalId: string;
  submission: BirthSubmissionV1;
}

export interface BirthBatch {
  births: BenchBirth[];
  /** The accounts the bank must hold for the allowance to be paid. */
  accounts: { number: string; holderName: string }[];
}

/** Plans births in the order they are sent; the same seed and run tag plan the same births. */
export class BirthPlanner {
  private readonly rng: SeededRandom;
  private sequence = 0;

  constructor(
    seed: number,
    private readonly runTag: string,
  ) {
    this.rng = new SeededRandom(seed);
  }

  /** At least `count` births: whole deliveries (twins stay together). */
  take(count: number): BirthBatch {
    const batch: BirthBatch = { births: [], accounts: [] };
    while (batch.births.length < count) {
      this.sequence += 1;
      const region = SEED_REGIONS[this.sequence % SEED_REGIONS.length]!;
      const delivery = planDelivery(this.rng, { now: new Date(), runId: this.runTag, sequence: this.sequence, region });
      if (delivery.invalid || delivery.voidReason) continue;
      for (const birth of delivery.births) {
        const submission = birth.nameGivenLater ? { ...birth.submission, newborn: { ...birth.submission.newborn, name: birth.nameGivenLater } } : birth.submission;
        batch.births.push({ hospitalId: delivery.hospitalId, submission });
      }
      // The account a clerk would have corrected is never closed here: the first one is paid.
      batch.accounts.push(...delivery.accountsToOpen);
    }
    return batch;
  }
}

/** One answered request: the case the gateway opened (null when refused or lost), when it was sent and answered. */
export interface SentBirth {
  caseId: string | null;
  status: number;
  requestAtMs: number;
  answeredAtMs: number;
}

/** Sends births open loop: birth i is due at start + i/rate whatever happened to the earlier ones. */
export class HospitalsLoad {
  private readonly apis: Map<string, SignedHospitalApi>;

  constructor(gatewayUrl: string, hospitals: HospitalCredentials[]) {
    this.apis = new Map(hospitals.map((h) => [h.hospitalId, new SignedHospitalApi(gatewayUrl, h)]));
  }

  /**
   * Sends the births at `rate` a second (until `stop` says so); calls `onSent` as each is answered;
   * resolves when every answer is in. At most `maxInFlight` requests wait for an answer at once:
   * beyond that the gateway is far behind, and the next birth waits for a free place (a queue of
   * thousands of open requests would only time out and retry).
   */
  async send(births: BenchBirth[], rate: number, onSent: (sent: SentBirth) => void = () => undefined, stop: () => boolean = () => false, maxInFlight = 256): Promise<SentBirth[]> {
    const started = Date.now();
    const answers: Promise<SentBirth>[] = [];
    const inFlight = new Set<Promise<SentBirth>>();
    for (const [i, birth] of births.entries()) {
      if (stop()) break;
      const dueAt = started + (i * 1000) / rate;
      const wait = dueAt - Date.now();
      if (wait > 1) await new Promise((resolve) => setTimeout(resolve, wait));
      while (inFlight.size >= maxInFlight) await Promise.race(inFlight);
      const answer = this.sendOne(birth).then((sent) => (onSent(sent), sent));
      inFlight.add(answer);
      void answer.then(() => inFlight.delete(answer));
      answers.push(answer);
    }
    return Promise.all(answers);
  }

  private async sendOne(birth: BenchBirth): Promise<SentBirth> {
    const requestAtMs = Date.now();
    try {
      const answer = await this.apis.get(birth.hospitalId)!.submit(birth.submission);
      const caseId = answer.status === 202 || answer.status === 200 ? String((answer.body as { caseId: string }).caseId) : null;
      return { caseId, status: answer.status, requestAtMs, answeredAtMs: Date.now() };
    } catch {
      return { caseId: null, status: 0, requestAtMs, answeredAtMs: Date.now() };
    }
  }
}
