// How big the seeded data set is (`--scale`, BENCH_SCALE) and when its "now" is: shared by the
// parts of the seed (bench/seed.ts).
import { benchEvents, benchScale } from './common';

export const SEED = 20261127;
export const DAY = 86_400_000;
/** "Now" of the data set: every seeded timestamp is before it (fixed, so the seed is deterministic). */
export const ANCHOR = Date.UTC(2026, 10, 20);

export const iso = (ms: number) => new Date(ms).toISOString();

export const scale = benchScale();
export const N_DEPARTMENTS = Math.max(60, Math.round(1000 * scale)); // bureau + units + departments
export const N_UNITS = Math.max(3, Math.round(N_DEPARTMENTS / 20) - 1);
export const N_DECLARATIONS = Math.round(100_000 * scale);
export const N_EVENTS = benchEvents() ?? Math.round(1_000_000 * scale);
export const N_BUREAU_REVIEWERS = 5;
