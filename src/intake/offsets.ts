/**
 * Text with a map back to the original: `toOrig[i]` is the offset in the original text of the code unit at
 * `i` in `text` (and `toOrig[text.length]` the original length). Every normalisation pass rewrites spans
 * through `applyEdits`, which keeps the map monotone and in range, so any extracted span can be shown in
 * the document the user supplied.
 */
export interface MappedText {
  text: string;
  toOrig: Int32Array;
}

/** Kinds of normalisation edit, reported to callers in `changes`. */
export type ChangeKind = 'pinyin' | 'mojibake' | 't2s' | 'punctuation' | 'whitespace';

/** One replacement in the current text of a pass: `[start, end)` becomes `replacement`. */
export interface Edit {
  start: number;
  end: number;
  replacement: string;
  kind: ChangeKind;
}

/** One normalisation edit as recorded in original offsets; normalised offsets are added at the end. */
export interface RawChange {
  kind: ChangeKind;
  originalStart: number;
  originalEnd: number;
}

/** The identity map over `text`. */
export function identity(text: string): MappedText {
  const toOrig = new Int32Array(text.length + 1);
  for (let i = 0; i <= text.length; i++) {
    toOrig[i] = i;
  }
  return { text, toOrig };
}

/**
 * Applies non-overlapping edits (any order) and returns the new mapped text; records each edit in
 * `changes` in original offsets. A same-length replacement keeps each character's origin; others map
 * their characters proportionally into the original span. Either way the map stays monotone.
 */
export function applyEdits(doc: MappedText, edits: Edit[], changes: RawChange[]): MappedText {
  if (edits.length === 0) {
    return doc;
  }
  const sorted = [...edits].sort((a, b) => a.start - b.start);
  const parts: string[] = [];
  let newLength = doc.text.length;
  for (const e of sorted) {
    newLength += e.replacement.length - (e.end - e.start);
  }
  const toOrig = new Int32Array(newLength + 1);
  let out = 0;
  let pos = 0;
  const copy = (from: number, to: number) => {
    parts.push(doc.text.slice(from, to));
    toOrig.set(doc.toOrig.subarray(from, to), out);
    out += to - from;
  };
  for (const e of sorted) {
    if (e.start < pos) {
      continue; // overlapping edits are a caller bug; skipping keeps the map valid
    }
    copy(pos, e.start);
    const o0 = doc.toOrig[e.start] ?? 0;
    const o1 = doc.toOrig[e.end] ?? o0;
    // The span's original end is just after its last character, not where the next character starts:
    // text deleted in between (a pinyin annotation) belongs to neither.
    const oEnd = e.end > e.start ? Math.min(o1, (doc.toOrig[e.end - 1] ?? o0) + 1) : o1;
    const len = e.replacement.length;
    if (len === e.end - e.start) {
      // character for character (traditional → simplified, a mark for a mark): keep each one's origin
      toOrig.set(doc.toOrig.subarray(e.start, e.end), out);
    } else {
      for (let k = 0; k < len; k++) {
        toOrig[out + k] = o0 + Math.floor((k * (oEnd - o0)) / len);
      }
    }
    parts.push(e.replacement);
    out += len;
    pos = e.end;
    changes.push({ kind: e.kind, originalStart: o0, originalEnd: oEnd });
  }
  copy(pos, doc.text.length);
  toOrig[out] = doc.toOrig[doc.text.length] ?? 0;
  return { text: parts.join(''), toOrig: out === newLength ? toOrig : toOrig.subarray(0, out + 1) };
}

/** Smallest index i with toOrig[i] >= orig (the map is non-decreasing). */
export function toNormalized(toOrig: Int32Array, orig: number): number {
  let lo = 0;
  let hi = toOrig.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((toOrig[mid] ?? 0) < orig) {
      lo = mid + 1;
    } else {
      hi = mid;
    }
  }
  return lo;
}
