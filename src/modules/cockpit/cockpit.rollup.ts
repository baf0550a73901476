import { addMonths, type DateText } from '../../domain/dates.js';
import { healthValues, type Health } from '../../domain/health.js';
import { itemStates, type ItemState } from '../../domain/workflow.js';

/**
 * The cockpit's arithmetic over counts the database has already grouped: plain functions, no I/O.
 */

export type HealthCounts = Record<Health, number>;
export type StateCounts = Record<ItemState, number>;

export function emptyHealth(): HealthCounts {
  return Object.fromEntries(healthValues.map((h) => [h, 0])) as HealthCounts;
}

export function emptyStates(): StateCounts {
  return Object.fromEntries(itemStates.map((s) => [s, 0])) as StateCounts;
}

export function isHealth(value: string): value is Health {
  return (healthValues as readonly string[]).includes(value);
}

export function isState(value: string): value is ItemState {
  return (itemStates as readonly string[]).includes(value);
}

/** a ÷ b, or null when b is 0; rounded to 4 decimals so replies stay short. */
export function ratio(a: number, b: number): number | null {
  return b > 0 ? Math.round((a / b) * 10_000) / 10_000 : null;
}

export interface UnitTally {
  total: number;
  cancelled: number;
  completed: number;
  completedOnTime: number;
  red: number;
  yellow: number;
}

export function emptyTally(): UnitTally {
  return { total: 0, cancelled: 0, completed: 0, completedOnTime: 0, red: 0, yellow: 0 };
}

/**
 * A unit's score for the ranking: 100 × (on-time completions + 0.8 × late completions − 0.5 × red items)
 * ÷ (items − cancelled), one decimal. Completing counts most, lateness costs a little, and every item
 * that is overdue or lagging now costs half a completion, so a unit cannot sit on red work and rank well.
 */
export function unitScore(t: UnitTally): number {
  const active = t.total - t.cancelled;
  if (active <= 0) {
    return 0;
  }
  const late = t.completed - t.completedOnTime;
  const raw = (t.completedOnTime + 0.8 * late - 0.5 * t.red) / active;
  return Math.round(raw * 1000) / 10;
}

/**
 * Which direct child of the root an organisation path falls under: the child's path, the root's own path
 * when the path is the root, or null when it lies outside the root's subtree.
 * rootPath "/1/", unit "/1/5/12/" → "/1/5/"; a root path of "/" stands for every tree.
 */
export function childUnder(unitPath: string, rootPath: string): string | null {
  if (!unitPath.startsWith(rootPath)) {
    return null;
  }
  const rest = unitPath.slice(rootPath.length);
  if (rest === '') {
    return rootPath;
  }
  const slash = rest.indexOf('/');
  return slash > 0 ? `${rootPath}${rest.slice(0, slash + 1)}` : null;
}

/** The first days of the last `n` calendar months up to the month of `today`, oldest first. */
export function lastMonths(today: DateText, n: number): DateText[] {
  const first = `${today.slice(0, 7)}-01`;
  return Array.from({ length: n }, (_, i) => addMonths(first, i - n + 1));
}

/** Sort order for the ranking: score, then fewer red, then more items, then code. */
export function compareUnits(
  a: { score: number; red: number; total: number; code: string },
  b: { score: number; red: number; total: number; code: string },
): number {
  return b.score - a.score || a.red - b.red || b.total - a.total || a.code.localeCompare(b.code);
}
