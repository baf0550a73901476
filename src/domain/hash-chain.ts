import { createHash } from 'node:crypto';

/** The hash that stands before the first entry. */
export const GENESIS_HASH = '0'.repeat(64);

/** What one audit entry commits to; the hash covers these values exactly as stored. */
export interface ChainEntry {
  seq: number;
  at: string;
  actorId: number | null;
  actorName: string | null;
  orgId: number | null;
  action: string;
  entityType: string | null;
  entityId: string | null;
  outcome: string;
  before: string | null;
  after: string | null;
  requestId: string | null;
  ip: string | null;
}

export interface StoredChainEntry extends ChainEntry {
  prevHash: string;
  hash: string;
}

/** A fixed field order, so the same entry always hashes the same whatever the database returns. */
function canonical(e: ChainEntry): string {
  return JSON.stringify([
    e.seq,
    e.at,
    e.actorId,
    e.actorName,
    e.orgId,
    e.action,
    e.entityType,
    e.entityId,
    e.outcome,
    e.before,
    e.after,
    e.requestId,
    e.ip,
  ]);
}

export function entryHash(prevHash: string, entry: ChainEntry): string {
  return createHash('sha256').update(prevHash).update('\n').update(canonical(entry)).digest('hex');
}

export type ChainProblem =
  | { seq: number; reason: 'hash_mismatch' }
  | { seq: number; reason: 'prev_hash_mismatch' }
  | { seq: number; reason: 'seq_gap'; expected: number }
  | { seq: number; reason: 'head_mismatch' };

/**
 * Walks a chain in seq order, one entry at a time (so a long log is never held in memory), and
 * reports the first entry that was edited, removed, inserted or moved.
 */
export class ChainVerifier {
  #expectedSeq = 1;
  #prevHash = GENESIS_HASH;
  #count = 0;

  /** Returns the problem this entry shows, or null when it follows from the ones before. */
  push(entry: StoredChainEntry): ChainProblem | null {
    if (entry.seq !== this.#expectedSeq) {
      return { seq: entry.seq, reason: 'seq_gap', expected: this.#expectedSeq };
    }
    if (entry.prevHash !== this.#prevHash) {
      return { seq: entry.seq, reason: 'prev_hash_mismatch' };
    }
    if (entryHash(entry.prevHash, entry) !== entry.hash) {
      return { seq: entry.seq, reason: 'hash_mismatch' };
    }
    this.#expectedSeq += 1;
    this.#prevHash = entry.hash;
    this.#count += 1;
    return null;
  }

  /** Checks the end of the chain against the head record, which catches entries cut off the end. */
  finish(head: { seq: number; hash: string }): ChainProblem | null {
    if (head.seq !== this.#count) {
      // entries missing past the last one read, or entries appended without moving the head
      return { seq: Math.min(head.seq, this.#count) + 1, reason: 'head_mismatch' };
    }
    if (head.hash !== this.#prevHash) {
      return { seq: this.#count, reason: 'head_mismatch' };
    }
    return null;
  }

  get count(): number {
    return this.#count;
  }
}
