// The saturation search's CPU, as the report prints it: milliseconds of CPU per birth by process
// at the highest sustained step (the saturation) and at the first step above it, and the rate the
// cores would allow at that cost: what stops the rate when the machine, not a limit, is full.
import type { CpuUse } from './cpu';
import { round } from './figures';
import type { StepResult } from './load-steps';

/** The saturation step (highest sustained rate) and the first step offered above it, when they were counted. */
export function cpuSteps(steps: readonly StepResult[]): { saturation: StepResult | null; above: StepResult | null } {
  const sustained = steps.filter((s) => s.sustained && s.cpu);
  const saturation = sustained.length ? sustained.reduce((a, b) => (b.offeredPerSec > a.offeredPerSec ? b : a)) : null;
  const above = steps.filter((s) => !s.sustained && s.cpu && s.offeredPerSec > (saturation?.offeredPerSec ?? 0)).sort((a, b) => a.offeredPerSec - b.offeredPerSec)[0] ?? null;
  return { saturation, above };
}

/** A column of the CPU table: a step's use, or (`perSecond`) ms a second with no load. */
export interface CpuColumn {
  label: string;
  cpu: CpuUse;
  perSecond?: boolean;
}

/** Rows of CPU ms per birth by process, most first, one column per step given. */
export function cpuRows(columns: readonly CpuColumn[]): string[][] {
  const parts = new Set(columns.flatMap((c) => Object.keys(c.cpu.msPerBirth)));
  const first = columns[0]!.cpu.msPerBirth;
  const ordered = [...parts].sort((a, b) => (a === 'other' ? 1 : b === 'other' ? -1 : (first[b] ?? 0) - (first[a] ?? 0)));
  const ms = (value: number | undefined) => (value === undefined ? '—' : round(value, 1).toLocaleString('en-US'));
  return [
    ['CPU ms per birth', ...columns.map((c) => c.label)],
    ...ordered.map((part) => [part, ...columns.map((c) => ms(c.cpu.msPerBirth[part]))]),
    ['all (the machine busy)', ...columns.map((c) => `${ms(c.cpu.totalMsPerBirth)} (${Math.round(c.cpu.machineBusy * 100)}%)`)],
    [`births/s ${columns[0]!.cpu.cores} cores allow at that cost`, ...columns.map((c) => (c.perSecond ? '—' : ms(c.cpu.limitBirthsPerSec)))],
  ];
}

/** `gateway` → `cpuMsGateway`, `case-saga` → `cpuMsCaseSaga`: flat JSON keys. */
export function cpuKey(part: string): string {
  return `cpuMs${part.replace(/(^|-)([a-z])/g, (_, __, c: string) => c.toUpperCase())}`;
}

/** The saturation step's CPU as flat JSON keys (null when it was not counted). */
export function cpuJson(saturation: StepResult | null): Record<string, number | null> {
  const cpu = saturation?.cpu ?? null;
  const json: Record<string, number | null> = {
    cpuMsPerBirth: cpu ? round(cpu.totalMsPerBirth, 1) : null,
    machineBusyAtSaturation: cpu ? round(cpu.machineBusy, 2) : null,
    cpuBirthLimit: cpu ? round(cpu.limitBirthsPerSec, 1) : null,
  };
  for (const [part, ms] of Object.entries(cpu?.msPerBirth ?? {})) json[cpuKey(part)] = round(ms, 1);
  return json;
}
