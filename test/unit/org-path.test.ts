import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { childPath, isWithin, pathIds, subtreeRange } from '../../src/domain/org-path.js';

const inRange = (path: string, ancestor: string) => {
  const { lo, hi } = subtreeRange(ancestor);
  return lo <= path && path < hi;
};

/**
 * Random forests of organisations. Ids mix one-, two- and three-digit numbers so that siblings often share
 * digit prefixes (2, 23, 234…), and half the nodes hang under one of the first three, so that there are
 * many siblings; the rest hang under any earlier node, so that trees also grow deep.
 */
const forestArb = fc
  .uniqueArray(
    fc.oneof(
      fc.integer({ min: 1, max: 9 }),
      fc.integer({ min: 10, max: 99 }),
      fc.integer({ min: 100, max: 999 }),
    ),
    { minLength: 1, maxLength: 40 },
  )
  .chain((ids) =>
    fc.tuple(
      fc.constant(ids),
      fc.array(fc.nat(), { minLength: ids.length, maxLength: ids.length }),
      fc.array(fc.boolean(), { minLength: ids.length, maxLength: ids.length }),
    ),
  )
  .map(([ids, parentPicks, isRoot]) => {
    const paths: string[] = [];
    ids.forEach((id, i) => {
      const pick = parentPicks[i]!;
      const parentIndex = pick % 2 === 0 ? (pick / 2) % i : pick % Math.min(i, 3);
      const parent = i === 0 || isRoot[i] ? null : paths[parentIndex]!;
      paths.push(childPath(parent, id));
    });
    return paths;
  });

describe('childPath', () => {
  it('makes a root path from no parent', () => {
    expect(childPath(null, 1)).toBe('/1/');
  });

  it('appends the id and a closing slash to the parent path', () => {
    expect(childPath('/1/', 23)).toBe('/1/23/');
    expect(childPath('/1/5/', 12)).toBe('/1/5/12/');
  });
});

describe('pathIds', () => {
  it('lists the ids from the root down', () => {
    expect(pathIds('/1/5/12/')).toEqual([1, 5, 12]);
    expect(pathIds('/7/')).toEqual([7]);
  });

  it('returns no ids for the bare root path', () => {
    expect(pathIds('/')).toEqual([]);
  });

  it('inverts childPath', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 1, max: 2 ** 31 - 1 }), { minLength: 1, maxLength: 12 }),
        (ids) => {
          const path = ids.reduce<string | null>((p, id) => childPath(p, id), null)!;
          expect(pathIds(path)).toEqual(ids);
        },
      ),
    );
  });
});

describe('subtreeRange', () => {
  it('turns the closing slash into a 0 for the upper bound', () => {
    expect(subtreeRange('/1/5/')).toEqual({ lo: '/1/5/', hi: '/1/50' });
    expect(subtreeRange('/1/2/')).toEqual({ lo: '/1/2/', hi: '/1/20' });
  });
});

describe('isWithin', () => {
  it('counts a path as within itself and within each ancestor', () => {
    expect(isWithin('/1/2/', '/1/2/')).toBe(true);
    expect(isWithin('/1/2/3/', '/1/2/')).toBe(true);
    expect(isWithin('/1/2/3/', '/1/')).toBe(true);
  });

  it('does not count a sibling whose id starts with the same digits', () => {
    expect(isWithin('/1/23/', '/1/2/')).toBe(false);
    expect(isWithin('/1/20/', '/1/2/')).toBe(false);
    expect(isWithin('/12/', '/1/')).toBe(false);
  });

  it('does not count an ancestor as within its descendant', () => {
    expect(isWithin('/1/', '/1/2/')).toBe(false);
  });
});

describe('subtree range and isWithin agree', () => {
  it('places /1/2/ and /1/2/3/ inside the range of /1/2/, and /1/23/, /1/20/ and /1/ outside', () => {
    expect(inRange('/1/2/', '/1/2/')).toBe(true);
    expect(inRange('/1/2/3/', '/1/2/')).toBe(true);
    expect(inRange('/1/2/99999/1/', '/1/2/')).toBe(true);
    expect(inRange('/1/23/', '/1/2/')).toBe(false);
    expect(inRange('/1/20/', '/1/2/')).toBe(false);
    expect(inRange('/1/', '/1/2/')).toBe(false);
    expect(inRange('/1/3/', '/1/2/')).toBe(false);
  });

  it('holds for every pair of paths in random trees', () => {
    fc.assert(
      fc.property(forestArb, (paths) => {
        for (const p of paths) {
          for (const p2 of paths) {
            expect(inRange(p2, p), `${p2} in range of ${p}`).toBe(isWithin(p2, p));
          }
        }
      }),
    );
  });

  it('matches "the ancestor’s ids are a prefix of the path’s ids" in random trees', () => {
    fc.assert(
      fc.property(forestArb, (paths) => {
        for (const p of paths) {
          for (const p2 of paths) {
            const a = pathIds(p);
            const b = pathIds(p2);
            const prefix = a.length <= b.length && a.every((id, i) => b[i] === id);
            expect(isWithin(p2, p), `${p2} within ${p}`).toBe(prefix);
          }
        }
      }),
    );
  });

  it('keeps each subtree contiguous when paths are sorted by string order', () => {
    fc.assert(
      fc.property(forestArb, (paths) => {
        const sorted = [...paths].sort();
        for (const p of paths) {
          const members = sorted.map((q) => isWithin(q, p));
          const first = members.indexOf(true);
          const last = members.lastIndexOf(true);
          expect(members.slice(first, last + 1).every(Boolean)).toBe(true);
          expect(sorted[first]).toBe(p);
        }
      }),
    );
  });
});
