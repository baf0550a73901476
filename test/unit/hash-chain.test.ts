import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type ChainEntry,
  type ChainProblem,
  ChainVerifier,
  entryHash,
  GENESIS_HASH,
  type StoredChainEntry,
} from '../../src/domain/hash-chain.js';

type Payload = Omit<ChainEntry, 'seq'>;

const payloadArb: fc.Arbitrary<Payload> = fc.record({
  at: fc
    .integer({ min: Date.UTC(2020, 0, 1), max: Date.UTC(2040, 0, 1) })
    .map((ms) => new Date(ms).toISOString()),
  actorId: fc.option(fc.nat()),
  actorName: fc.option(fc.string({ maxLength: 12 })),
  orgId: fc.option(fc.nat()),
  action: fc.constantFrom('org.create', 'org.update', 'auth.login', 'user.assign_roles'),
  entityType: fc.option(fc.constantFrom('org', 'user', 'session')),
  entityId: fc.option(fc.string({ maxLength: 8 })),
  outcome: fc.constantFrom('ok', 'denied', 'failed'),
  before: fc.option(fc.json({ maxDepth: 2 })),
  after: fc.option(fc.json({ maxDepth: 2 })),
  requestId: fc.option(fc.uuid()),
  ip: fc.option(fc.ipV4()),
});

function buildChain(payloads: Payload[]): StoredChainEntry[] {
  const chain: StoredChainEntry[] = [];
  let prevHash = GENESIS_HASH;
  payloads.forEach((p, i) => {
    const entry: ChainEntry = { seq: i + 1, ...p };
    const hash = entryHash(prevHash, entry);
    chain.push({ ...entry, prevHash, hash });
    prevHash = hash;
  });
  return chain;
}

const headOf = (chain: StoredChainEntry[]) => ({
  seq: chain.length,
  hash: chain.at(-1)?.hash ?? GENESIS_HASH,
});

/** Feeds entries to a verifier and returns the first problem, from push or from finish. */
function verify(entries: StoredChainEntry[], head: { seq: number; hash: string }): ChainProblem | null {
  const verifier = new ChainVerifier();
  for (const entry of entries) {
    const problem = verifier.push(entry);
    if (problem) {
      return problem;
    }
  }
  return verifier.finish(head);
}

const chainArb = fc.array(payloadArb, { minLength: 1, maxLength: 30 }).map(buildChain);

/** A chain plus a 1-based position within it. */
const chainAndPositionArb = chainArb.chain((chain) =>
  fc.tuple(fc.constant(chain), fc.integer({ min: 1, max: chain.length })),
);

/** A chain of at least two entries plus two distinct 1-based positions i < j. */
const chainAndPairArb = fc
  .array(payloadArb, { minLength: 2, maxLength: 30 })
  .map(buildChain)
  .chain((chain) =>
    fc.tuple(
      fc.constant(chain),
      fc
        .uniqueArray(fc.integer({ min: 1, max: chain.length }), { minLength: 2, maxLength: 2 })
        .map(([a, b]) => [Math.min(a!, b!), Math.max(a!, b!)] as const),
    ),
  );

const contentFields = [
  'at',
  'actorId',
  'actorName',
  'orgId',
  'action',
  'entityType',
  'entityId',
  'outcome',
  'before',
  'after',
  'requestId',
  'ip',
] as const satisfies readonly (keyof Payload)[];

/** Returns a value different from the given one, of a type the field can hold. */
function changed(
  field: (typeof contentFields)[number],
  value: string | number | null,
): string | number | null {
  if (value === null) {
    return field === 'actorId' || field === 'orgId' ? 0 : '';
  }
  if (typeof value === 'number') {
    return value + 1;
  }
  return `${value}x`;
}

const flipHex = (hash: string) => (hash[0] === '0' ? '1' : '0') + hash.slice(1);

describe('entryHash', () => {
  const entry: ChainEntry = {
    seq: 1,
    at: '2025-01-01T00:00:00.000Z',
    actorId: 1,
    actorName: 'admin',
    orgId: null,
    action: 'org.create',
    entityType: 'org',
    entityId: '7',
    outcome: 'ok',
    before: null,
    after: '{"code":"QH"}',
    requestId: 'r-1',
    ip: '127.0.0.1',
  };

  it('is a 64-character hex SHA-256 and the same for the same input', () => {
    const hash = entryHash(GENESIS_HASH, entry);
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(entryHash(GENESIS_HASH, { ...entry })).toBe(hash);
  });

  it('does not depend on the order of the object’s keys', () => {
    const reordered = Object.fromEntries(Object.entries(entry).reverse()) as unknown as ChainEntry;
    expect(entryHash(GENESIS_HASH, reordered)).toBe(entryHash(GENESIS_HASH, entry));
  });

  it('depends on the previous hash', () => {
    expect(entryHash('f'.repeat(64), entry)).not.toBe(entryHash(GENESIS_HASH, entry));
  });

  it('tells null apart from the string "null" and from the empty string', () => {
    const asNull = entryHash(GENESIS_HASH, { ...entry, actorName: null });
    expect(entryHash(GENESIS_HASH, { ...entry, actorName: 'null' })).not.toBe(asNull);
    expect(entryHash(GENESIS_HASH, { ...entry, actorName: '' })).not.toBe(asNull);
  });

  it('keeps field boundaries: moving characters between neighbouring fields changes the hash', () => {
    expect(entryHash(GENESIS_HASH, { ...entry, action: 'ab', entityType: 'c' })).not.toBe(
      entryHash(GENESIS_HASH, { ...entry, action: 'a', entityType: 'bc' }),
    );
  });

  it('ignores the stored prevHash and hash fields of an entry', () => {
    const stored: StoredChainEntry = { ...entry, prevHash: 'a'.repeat(64), hash: 'b'.repeat(64) };
    expect(entryHash(GENESIS_HASH, stored)).toBe(entryHash(GENESIS_HASH, entry));
  });
});

describe('ChainVerifier on an intact chain', () => {
  it('accepts an empty chain against an empty head', () => {
    const verifier = new ChainVerifier();
    expect(verifier.finish({ seq: 0, hash: GENESIS_HASH })).toBeNull();
    expect(verifier.count).toBe(0);
  });

  it('accepts every entry and finishes with no problem, counting the entries', () => {
    fc.assert(
      fc.property(chainArb, (chain) => {
        const verifier = new ChainVerifier();
        for (const entry of chain) {
          expect(verifier.push(entry)).toBeNull();
        }
        expect(verifier.count).toBe(chain.length);
        expect(verifier.finish(headOf(chain))).toBeNull();
      }),
    );
  });

  it('does not count an entry it rejected', () => {
    const chain = buildChain([
      { ...baseline(), action: 'a' },
      { ...baseline(), action: 'b' },
    ]);
    const verifier = new ChainVerifier();
    expect(verifier.push(chain[0]!)).toBeNull();
    expect(verifier.push({ ...chain[1]!, outcome: 'forged' })).not.toBeNull();
    expect(verifier.count).toBe(1);
  });
});

function baseline(): Payload {
  return {
    at: '2025-01-01T00:00:00.000Z',
    actorId: null,
    actorName: null,
    orgId: null,
    action: 'x',
    entityType: null,
    entityId: null,
    outcome: 'ok',
    before: null,
    after: null,
    requestId: null,
    ip: null,
  };
}

describe('ChainVerifier detects tampering at the first bad entry', () => {
  it('reports an edited content field as a hash mismatch at that entry', () => {
    fc.assert(
      fc.property(chainAndPositionArb, fc.constantFrom(...contentFields), ([chain, k], field) => {
        const tampered = chain.map((e) => ({ ...e }));
        const target = tampered[k - 1]!;
        (target as unknown as Record<string, unknown>)[field] = changed(field, target[field]);
        expect(verify(tampered, headOf(chain))).toEqual({ seq: k, reason: 'hash_mismatch' });
      }),
    );
  });

  it('reports an edited stored hash as a hash mismatch at that entry', () => {
    fc.assert(
      fc.property(chainAndPositionArb, ([chain, k]) => {
        const tampered = chain.map((e, i) => (i === k - 1 ? { ...e, hash: flipHex(e.hash) } : e));
        expect(verify(tampered, headOf(chain))).toEqual({ seq: k, reason: 'hash_mismatch' });
      }),
    );
  });

  it('reports an edited prevHash as a prev-hash mismatch at that entry', () => {
    fc.assert(
      fc.property(chainAndPositionArb, ([chain, k]) => {
        const tampered = chain.map((e, i) => (i === k - 1 ? { ...e, prevHash: flipHex(e.prevHash) } : e));
        expect(verify(tampered, headOf(chain))).toEqual({ seq: k, reason: 'prev_hash_mismatch' });
      }),
    );
  });

  it('reports an edited seq as a gap where that seq was expected', () => {
    fc.assert(
      fc.property(chainAndPositionArb, fc.integer({ min: -5, max: 40 }), ([chain, k], seq) => {
        fc.pre(seq !== k);
        const tampered = chain.map((e, i) => (i === k - 1 ? { ...e, seq } : e));
        expect(verify(tampered, headOf(chain))).toEqual({ seq, reason: 'seq_gap', expected: k });
      }),
    );
  });

  it('still catches an edited entry whose own hash was recomputed, at the next link or the head', () => {
    fc.assert(
      fc.property(chainAndPositionArb, fc.constantFrom(...contentFields), ([chain, k], field) => {
        const tampered = chain.map((e) => ({ ...e }));
        const target = tampered[k - 1]!;
        (target as unknown as Record<string, unknown>)[field] = changed(field, target[field]);
        target.hash = entryHash(target.prevHash, target);
        const expected =
          k < chain.length
            ? { seq: k + 1, reason: 'prev_hash_mismatch' }
            : { seq: chain.length, reason: 'head_mismatch' };
        expect(verify(tampered, headOf(chain))).toEqual(expected);
      }),
    );
  });

  it('reports a deleted entry as a gap where the deleted seq was expected, or at the head for the last', () => {
    fc.assert(
      fc.property(chainAndPositionArb, ([chain, k]) => {
        const tampered = chain.filter((_, i) => i !== k - 1);
        const expected =
          k < chain.length
            ? { seq: k + 1, reason: 'seq_gap', expected: k }
            : { seq: k, reason: 'head_mismatch' };
        expect(verify(tampered, headOf(chain))).toEqual(expected);
      }),
    );
  });

  it('reports two swapped entries as a gap at the earlier position', () => {
    fc.assert(
      fc.property(chainAndPairArb, ([chain, [i, j]]) => {
        const tampered = [...chain];
        tampered[i - 1] = chain[j - 1]!;
        tampered[j - 1] = chain[i - 1]!;
        expect(verify(tampered, headOf(chain))).toEqual({ seq: j, reason: 'seq_gap', expected: i });
      }),
    );
  });

  it('reports two entries swapped and renumbered as a prev-hash mismatch at the earlier position', () => {
    fc.assert(
      fc.property(chainAndPairArb, ([chain, [i, j]]) => {
        const tampered = [...chain];
        tampered[i - 1] = { ...chain[j - 1]!, seq: i };
        tampered[j - 1] = { ...chain[i - 1]!, seq: j };
        expect(verify(tampered, headOf(chain))).toEqual({ seq: i, reason: 'prev_hash_mismatch' });
      }),
    );
  });

  it('reports a cut-off tail at the first missing seq when the head is checked', () => {
    fc.assert(
      fc.property(chainAndPositionArb, ([chain, k]) => {
        // keep the first k - 1 entries
        const tampered = chain.slice(0, k - 1);
        const verifier = new ChainVerifier();
        for (const entry of tampered) {
          expect(verifier.push(entry)).toBeNull();
        }
        expect(verifier.finish(headOf(chain))).toEqual({ seq: k, reason: 'head_mismatch' });
      }),
    );
  });

  it('reports entries appended without moving the head from the first one past the head', () => {
    fc.assert(
      fc.property(chainAndPositionArb, ([chain, k]) => {
        const head = headOf(chain.slice(0, k - 1));
        expect(verify(chain, head)).toEqual({ seq: k, reason: 'head_mismatch' });
      }),
    );
  });

  it('catches a consistently rewritten chain through the head hash', () => {
    fc.assert(
      fc.property(chainAndPositionArb, ([chain, k]) => {
        const payloads: Payload[] = chain.map(({ seq: _seq, prevHash: _p, hash: _h, ...p }) => p);
        payloads[k - 1] = { ...payloads[k - 1]!, outcome: `${payloads[k - 1]!.outcome}!` };
        const forged = buildChain(payloads);
        expect(verify(forged, headOf(chain))).toEqual({ seq: chain.length, reason: 'head_mismatch' });
      }),
    );
  });

  it('reports an inserted duplicate entry as a gap at the entry after it', () => {
    fc.assert(
      fc.property(chainAndPositionArb, ([chain, k]) => {
        const tampered = [...chain.slice(0, k), chain[k - 1]!, ...chain.slice(k)];
        expect(verify(tampered, headOf(chain))).toEqual({ seq: k, reason: 'seq_gap', expected: k + 1 });
      }),
    );
  });
});
