// Settings of the benchmarks: environment overrides for experiments, the defaults being the tracked configuration.

/** A positive integer from the environment, or `fallback` when unset; anything else stops the bench with the variable's name. */
export function intEnv(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value <= 0) throw new Error(`${name} must be a positive integer, got ${raw}`);
  return value;
}
