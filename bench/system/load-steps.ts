// Offered load through the whole system: steps of births at a rate (open loop, signed, over
// HTTP), judged by what the saga says is done; the search for the highest sustained rate; and
// the latency from the hospital's request to the last step done at a given rate.
import type { BirthPlanner, HospitalsLoad, SentBirth } from './births';
import type { Completions } from './completions';
import { cpuBetween, type CpuSampler, type CpuUse } from './cpu';
import { judgeStep, nextRate, percentile, ratePerSecOf, type StepSample, type StepVerdict } from './figures';
import type { WholeSystem } from './whole-system';

export interface StepResult extends StepSample, StepVerdict {
  /** Seconds from the step's last birth until all its births were done (null: not within the allowance). */
  drainSeconds: number | null;
  /** Latency (request → done) of every birth done, in the order sent. */
  latenciesMs: number[];
  /** CPU by process from the step's first birth until its births were done (or the allowance ran out), per accepted birth. */
  cpu: CpuUse | null;
}

export interface LoadContext {
  system: WholeSystem;
  planner: BirthPlanner;
  load: HospitalsLoad;
  completions: Completions;
  log: (message: string) => void;
  interrupted: () => boolean;
  /** Counts each step's CPU by process, when given. */
  cpu?: CpuSampler;
}

/** After a step, how long its births may take to be done: the pipeline's own latency, generously. */
const DRAIN_ALLOWANCE_MS = 30_000;

/** Offers `rate` births a second for `seconds`; waits for the step's births to be done (within the allowance) and judges the step. */
export async function offerStep(ctx: LoadContext, rate: number, seconds: number, drainAllowanceMs = DRAIN_ALLOWANCE_MS): Promise<StepResult> {
  const batch = ctx.planner.take(Math.max(1, Math.round(rate * seconds)));
  await ctx.system.openAccounts(batch.accounts);
  const completedBefore = await ctx.completions.completed();
  const cpuBefore = ctx.cpu?.snapshot();
  const sent = await ctx.load.send(batch.births, rate, undefined, ctx.interrupted);
  const accepted = sent.filter((s): s is SentBirth & { caseId: string } => s.caseId !== null);
  const lastBirthAt = performance.now();
  const reached = await ctx.completions.waitFor(completedBefore + accepted.length, drainAllowanceMs, ctx.interrupted);
  const drainSeconds = reached >= completedBefore + accepted.length ? (performance.now() - lastBirthAt) / 1000 : null;
  const cpu = ctx.cpu && cpuBefore ? cpuBetween(cpuBefore, ctx.cpu.snapshot(), accepted.length, ctx.cpu.cores) : null;
  const completedAt = await ctx.completions.completedAt(accepted.map((s) => s.caseId));
  const done = accepted.filter((s) => completedAt.has(s.caseId));
  const latenciesMs = done.map((s) => Math.max(0, completedAt.get(s.caseId)! - s.requestAtMs));
  const quarter = Math.max(1, Math.floor(latenciesMs.length / 4));
  const sample: StepSample = {
    offeredPerSec: rate,
    sent: sent.length,
    accepted: accepted.length,
    drained: drainSeconds !== null,
    completedPerSec: ratePerSecOf(done.map((s) => completedAt.get(s.caseId)!)),
    latencyFirstQuarterMs: percentile(latenciesMs.slice(0, quarter), 50),
    latencyLastQuarterMs: percentile(latenciesMs.slice(-quarter), 50),
  };
  return { ...sample, ...judgeStep(sample), drainSeconds, latenciesMs, cpu };
}

/** Steps the offered rate up until the system falls behind; the steps in the order offered. */
export async function searchSaturation(ctx: LoadContext, rates: readonly number[], seconds: number): Promise<StepResult[]> {
  const steps: StepResult[] = [];
  for (let rate = nextRate(rates, []); rate !== null && !ctx.interrupted(); rate = nextRate(rates, steps.map((s) => ({ rate: s.offeredPerSec, sustained: s.sustained })))) {
    const step = await offerStep(ctx, rate, seconds);
    steps.push(step);
    ctx.log(
      `step ${rate}/s: accepted ${step.accepted}/${step.sent}, done ${step.completedPerSec.toFixed(1)}/s, latency ${Math.round(step.latencyFirstQuarterMs)} → ${Math.round(step.latencyLastQuarterMs)} ms, ` +
        `all done ${step.drainSeconds === null ? 'no' : `${step.drainSeconds.toFixed(1)} s after`}: ${step.sustained ? 'sustained' : `NOT sustained (${step.reasons.join('; ')})`}` +
        (step.cpu ? `; machine ${Math.round(step.cpu.machineBusy * 100)}% busy, ${step.cpu.totalMsPerBirth.toFixed(0)} ms CPU a birth` : ''),
    );
    if (!step.drained) {
      ctx.log(`steps of open cases not done: ${await ctx.completions.openSteps()}`);
      // Let the backlog go before the next step, so that it meets an empty pipeline.
      await ctx.completions.waitFor((await ctx.completions.completed()) + step.accepted - step.latenciesMs.length, 120_000, ctx.interrupted);
    }
  }
  return steps;
}

/** Births done per second at saturation: the rate of the highest sustained step (its done rate, at most its offered rate). */
export function saturationOf(steps: readonly StepResult[]): number {
  const sustained = steps.filter((s) => s.sustained);
  if (sustained.length === 0) return 0;
  const best = sustained.reduce((a, b) => (b.offeredPerSec > a.offeredPerSec ? b : a));
  return Math.min(best.completedPerSec, best.offeredPerSec);
}

/** Latency from each accepted request to its case being done, at `rate` for `seconds`. */
export async function measureLatency(ctx: LoadContext, rate: number, seconds: number): Promise<{ step: StepResult; p50Ms: number; p99Ms: number; measured: number }> {
  const step = await offerStep(ctx, rate, seconds, 120_000);
  return { step, p50Ms: percentile(step.latenciesMs, 50), p99Ms: percentile(step.latenciesMs, 99), measured: step.latenciesMs.length };
}
