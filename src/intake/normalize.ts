import { repairMojibake } from './mojibake.js';
import {
  applyEdits,
  identity,
  toNormalized,
  type ChangeKind,
  type Edit,
  type MappedText,
  type RawChange,
} from './offsets.js';
import { pinyinEdits } from './pinyin.js';
import { punctuationEdits } from './punctuation.js';
import { toSimplified } from './t2s.js';

/** One normalisation edit: `original[originalStart, originalEnd)` became `normalized[normalizedStart, normalizedEnd)`. */
export interface Change {
  kind: ChangeKind;
  originalStart: number;
  originalEnd: number;
  normalizedStart: number;
  normalizedEnd: number;
  original: string;
  normalized: string;
}

/** Damage the normaliser saw but could not repair, in both coordinate systems. */
export interface UnrepairedSpan {
  originalStart: number;
  originalEnd: number;
  normalizedStart: number;
  normalizedEnd: number;
  text: string;
  reason: string;
}

/** Normalised text plus everything needed to point back into the original. */
export interface Normalized {
  original: string;
  text: string;
  /** `toOriginal[i]`: offset in `original` of code unit `i` of `text`; length text.length + 1, non-decreasing */
  toOriginal: Int32Array;
  changes: Change[];
  unrepaired: UnrepairedSpan[];
}

/** Edits turning traditional characters into simplified ones, one edit per run of changed characters. */
function t2sEdits(text: string): Edit[] {
  const edits: Edit[] = [];
  // Line by line, so that a rare length-changing conversion only costs a coarse edit for its own line.
  let lineStart = 0;
  while (lineStart <= text.length) {
    let lineEnd = text.indexOf('\n', lineStart);
    if (lineEnd < 0) {
      lineEnd = text.length;
    }
    const line = text.slice(lineStart, lineEnd);
    const conv = toSimplified(line);
    if (conv !== line) {
      if (conv.length !== line.length) {
        edits.push({ start: lineStart, end: lineEnd, replacement: conv, kind: 't2s' });
      } else {
        let i = 0;
        while (i < line.length) {
          if (line.charCodeAt(i) === conv.charCodeAt(i)) {
            i++;
            continue;
          }
          let j = i + 1;
          while (j < line.length && line.charCodeAt(j) !== conv.charCodeAt(j)) {
            j++;
          }
          edits.push({
            start: lineStart + i,
            end: lineStart + j,
            replacement: conv.slice(i, j),
            kind: 't2s',
          });
          i = j;
        }
      }
    }
    lineStart = lineEnd + 1;
  }
  return edits;
}

/**
 * Normalises a meeting report: repairs one-byte-shift mojibake (while the pinyin annotations that anchor
 * it are still there), removes pinyin annotations, converts traditional to simplified, and evens out
 * punctuation and whitespace — keeping a map from every normalised offset to the original one and a list
 * of the edits made. Never throws on any string.
 */
export function normalize(original: string): Normalized {
  const raw: RawChange[] = [];
  let doc: MappedText = identity(original);
  const moj = repairMojibake(doc.text);
  const unrepairedRaw = moj.unrepaired.map((u) => ({
    originalStart: doc.toOrig[u.start] ?? 0,
    originalEnd: doc.toOrig[u.end] ?? 0,
    text: u.text,
    reason: u.reason,
  }));
  doc = applyEdits(doc, moj.edits, raw);
  doc = applyEdits(doc, pinyinEdits(doc.text), raw);
  doc = applyEdits(doc, t2sEdits(doc.text), raw);
  // Repeat until nothing changes: a mark made Chinese can make its neighbour count as next to Chinese,
  // and normalising twice must change nothing.
  for (let pass = 0; pass < 4; pass++) {
    const edits = punctuationEdits(doc.text);
    if (edits.length === 0) {
      break;
    }
    doc = applyEdits(doc, edits, raw);
  }
  const { text, toOrig } = doc;
  const changes: Change[] = raw.map((c) => {
    const normalizedStart = toNormalized(toOrig, c.originalStart);
    const normalizedEnd = Math.max(normalizedStart, toNormalized(toOrig, c.originalEnd));
    return {
      kind: c.kind,
      originalStart: c.originalStart,
      originalEnd: c.originalEnd,
      normalizedStart,
      normalizedEnd,
      original: original.slice(c.originalStart, c.originalEnd),
      normalized: text.slice(normalizedStart, normalizedEnd),
    };
  });
  changes.sort((a, b) => a.originalStart - b.originalStart || a.originalEnd - b.originalEnd);
  const unrepaired = unrepairedRaw.map((u) => {
    const normalizedStart = toNormalized(toOrig, u.originalStart);
    return {
      ...u,
      normalizedStart,
      normalizedEnd: Math.max(normalizedStart, toNormalized(toOrig, u.originalEnd)),
    };
  });
  return { original, text, toOriginal: toOrig, changes, unrepaired };
}
