// Recovery: under a steady load, a fault (the broker killed and restarted, or PostgreSQL stopped
// immediately and started), and the seconds until births complete again at 90% of the rate
// before the fault.
import type { LoadContext } from './load-steps';
import { ComebackWatch } from './comeback';
import { recoverySeconds } from './figures';

export interface RecoveryResult {
  /** Seconds from the fault until a 3-second window completes ≥ 90% of the offered rate; null when not within the watch. */
  seconds: number | null;
  /** The rate offered before, during and after the fault: the throughput the system carried (half of saturation). */
  offeredPerSec: number;
  /** Births done per second in the window before the fault, as measured (below the offered rate when the machine was falling behind). */
  ratePerSecBefore: number;
  /** Seconds the fault itself took (kill and restart, until the infrastructure answered again). */
  outageSeconds: number;
  /** Each program's seconds from the fault until it handled or published a message again after the outage (null: not within the watch). */
  backSeconds: Record<string, number | null>;
}

/**
 * Offers `rate` births a second; after `windowSeconds` (the pipeline full), measures the
 * completion rate over the next `windowSeconds`, injects the fault, and watches completions
 * second by second for up to `watchSeconds` until they are back at 90% of the offered rate (the
 * throughput the system carries at this rate; the measured rate before the fault is reported
 * beside it, and a warning logged when it fell short). Then stops the load and lets the backlog drain.
 */
export async function measureRecovery(ctx: LoadContext, rate: number, windowSeconds: number, fault: () => Promise<void>, watchSeconds = 90): Promise<RecoveryResult> {
  const totalSeconds = 2 * windowSeconds + watchSeconds;
  const batch = ctx.planner.take(Math.ceil(rate * totalSeconds));
  await ctx.system.openAccounts(batch.accounts);
  let stopped = false;
  let accepted = 0;
  const sending = ctx.load.send(batch.births, rate, (sent) => void (sent.caseId && (accepted += 1)), () => stopped || ctx.interrupted());
  const perSecond: number[] = [];
  const started = performance.now();
  const completedAtStart = await ctx.completions.completed();
  let last = completedAtStart;
  // One sample a second, on the second (a sample that fails while PostgreSQL is down counts 0 and is made up later).
  const sampleUntil = async (untilSecond: number, into: number[] | null) => {
    while (perSecond.length < untilSecond && !ctx.interrupted()) {
      const wait = started + (perSecond.length + 1) * 1000 - performance.now();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      const now = await ctx.completions.completed().catch(() => last);
      perSecond.push(now - last);
      into?.push(now - last);
      last = now;
    }
  };
  try {
    await sampleUntil(windowSeconds, null);
    const before: number[] = [];
    await sampleUntil(2 * windowSeconds, before);
    const ratePerSecBefore = before.reduce((a, b) => a + b, 0) / before.length;
    if (ratePerSecBefore < 0.9 * rate) ctx.log(`before the fault only ${ratePerSecBefore.toFixed(1)} births/s were done of ${rate}/s offered: the machine was falling behind`);
    const watch = new ComebackWatch(ctx.system.healthUrls());
    const faultAt = performance.now();
    let outageEndAt = Infinity;
    // The fault runs while sampling goes on: the completions of the seconds it takes count too.
    const faulted = fault().then(() => {
      outageEndAt = performance.now();
      return (outageEndAt - faultAt) / 1000;
    });
    const after: number[] = [];
    let seconds: number | null = null;
    // Until back (0, never fell, is only known at the end of the watch).
    while (after.length < watchSeconds && !ctx.interrupted()) {
      await sampleUntil(perSecond.length + 1, after);
      seconds = recoverySeconds(after, rate);
      if (seconds !== null && seconds > 0) break;
    }
    const outageSeconds = await faulted;
    // Every program's return is looked for to the end of the throughput's (at least 10 s after the outage).
    while (performance.now() < outageEndAt + 10_000 && !ctx.interrupted()) await sampleUntil(perSecond.length + 1, after);
    const backSeconds = await watch.stop(faultAt, outageEndAt);
    return { seconds, offeredPerSec: rate, ratePerSecBefore, outageSeconds, backSeconds };
  } finally {
    stopped = true;
    await sending;
    ctx.log(`recovery load stopped (${accepted} births accepted); letting the backlog drain`);
    const reached = await ctx.completions.waitFor(completedAtStart + accepted, 180_000, ctx.interrupted).catch(() => 0);
    if (reached < completedAtStart + accepted) ctx.log(`${completedAtStart + accepted - reached} births of the recovery load not completed within 180 s`);
  }
}
