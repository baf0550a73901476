/** Where every part of Luoshi gets the time, so tests can move it on at will. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** A clock that stands still until told to move; for tests and benchmarks. */
export class ManualClock implements Clock {
  #ms: number;
  constructor(start: Date | string = '2026-01-05T01:00:00.000Z') {
    this.#ms = new Date(start).getTime();
  }
  now(): Date {
    return new Date(this.#ms);
  }
  advance(ms: number): void {
    this.#ms += ms;
  }
  set(at: Date | string): void {
    this.#ms = new Date(at).getTime();
  }
}

export const MINUTE = 60_000;

/** ISO-8601 UTC text: the one way timestamps are stored, so both databases compare them alike. */
export function iso(d: Date): string {
  return d.toISOString();
}
