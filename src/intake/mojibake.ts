/**
 * Repair of "one byte out of step" mojibake, as found in the reference reports.
 *
 * How the damage arose (reproduced from the seeds with Node's decoders): a traditional-Chinese text with
 * pinyin annotations was stored in GBK; somewhere a single byte was lost, so a run of double-byte
 * characters was decoded one byte out of step until the next ASCII byte (usually the "(" of an annotation)
 * put the decoder back in step. In that run
 *   - the orphaned first byte shows as "?" (sometimes followed by a stray "pinyin)"),
 *   - each pair (trail of one character, lead of the next) decodes to an unrelated character,
 *   - pairs that land in GBK's user-defined area decode to private-use code points and were dropped,
 *   - full-width marks (A3xx) were flattened to ASCII ("！" → "!"),
 *   - the last lead byte, paired with the "(" after it, shows as "?" — or, when the last trail byte is
 *     itself ASCII (GBK trails may be 0x40–0x7E), that letter shows as is: "菣C(jī)" for "...是機(jī)".
 * E.g. "。“六大戰(zhàn)" (A1A3 A1B0 C1F9 B4F3 91F0 28) read from A3 gives ！ 傲 [F9B4: private use] 髴 ? → "?!傲髴?(zhàn)".
 *
 * Inverting it: re-encode the garbled run to GBK, put it back in step, and fill the bytes that were lost —
 * one at each end and two at every place a private-use character may have been dropped — by choosing, among
 * the characters the known bytes allow, the sequence that reads best: a small Viterbi search scored by
 * character bigrams of the document itself and of jieba's word list, and, for the last character, by the
 * pinyin annotation that follows it (other characters in the document carry the same reading). Runs that do
 * not fit this shape, or whose best reading is implausible, are left as they are and reported.
 */
import { encodeGbk, gbkTable, isPrivateUsePair } from './gbk.js';
import { loadLexicon, type Lexicon } from './lexicon.js';
import type { Edit } from './offsets.js';
import { PINYIN_LETTERS } from './pinyin.js';
import { simplifiedChar } from './t2s.js';

/** A span left as it was because it could not be repaired; offsets in the text the pass saw. */
export interface Unrepaired {
  start: number;
  end: number;
  text: string;
  reason: string;
}

const PY = `[${PINYIN_LETTERS}]{1,7}`;
const RUN_CHAR = `[^\\x00-\\x7f\\s\\ufffd]|[!,.:;]`;
/** marker, garbled run, end (lost byte "?" or a raw ASCII trail byte) before an annotation */
const SPAN = new RegExp(
  `[?\\ufffd](?:${PY}\\))?((?:${RUN_CHAR}){0,40}?)(?:([?\\ufffd])(${PY})\\)|([?\\ufffd]|[\\x40-\\x5a\\x5e-\\x7a])(?=[(](${PY})[)]))`,
  'g',
);
/** other signs of damage, reported when not repaired */
const SUSPECT = new RegExp(`\\ufffd+|[?](?:${PY}\\))|(?<=[\\u3400-\\u9fff])[?](?=[\\u3400-\\u9fff])`, 'g');
const ANNOTATION = new RegExp(`[(（]${PY}[)）]`, 'y');
const ANNOTATIONS = new RegExp(`[(（]${PY}[)）]`, 'g');

const PUNCT_PRIOR: Record<string, number> = {
  '，': 3e6,
  '。': 2e6,
  '、': 1e6,
  '“': 6e5,
  '”': 6e5,
  '：': 3e5,
  '；': 3e5,
  '《': 2e5,
  '》': 2e5,
  '！': 1e5,
  '？': 1e5,
};
const DOC_WEIGHT = 3000;
const SMOOTH = 2000;
const GAP_PENALTY = Math.log(0.1);
/** per character emitted, so that readings with more (gap-filled) characters are not penalised for length */
const CHAR_BONUS = 8;
const MAX_CANDIDATES = 20;
const MAX_SPANS = 200;

interface Model {
  lex: Lexicon;
  docUni: Map<string, number>;
  docBi: Map<string, number>;
  readings: Map<string, Map<string, number>>;
  total: number;
  uniCache: Map<string, number>;
  transCache: Map<string, number>;
  pruneCache: WeakMap<readonly string[], string[]>;
}

function buildModel(text: string): Model {
  const lex = loadLexicon();
  // Bigram statistics of the document itself, read without its annotations so that 戰(zhàn)略 counts as 戰略.
  // (a plain regex is enough for statistics and much cheaper than the validating annotation pass)
  // A few hundred thousand characters tell the document's vocabulary; more only costs memory.
  const sample = text.length > 300_000 ? text.slice(0, 300_000) : text;
  const clean = sample.replace(ANNOTATIONS, '');
  const docUni = new Map<string, number>();
  const docBi = new Map<string, number>();
  let prev = '';
  for (const ch of clean) {
    if (ch === '?' || ch === '\ufffd') {
      prev = '';
      continue;
    }
    docUni.set(ch, (docUni.get(ch) ?? 0) + 1);
    if (prev) {
      docBi.set(prev + ch, (docBi.get(prev + ch) ?? 0) + 1);
    }
    prev = ch;
  }
  // Which characters carry which reading in this document: 報(bào) elsewhere tells what "?(bào)" was.
  const readings = new Map<string, Map<string, number>>();
  for (const m of sample.matchAll(new RegExp(`([\\u3400-\\u9fff])[(（](${PY})[)）]`, 'g'))) {
    const ch = m[1] ?? '';
    const py = m[2] ?? '';
    const byChar = readings.get(py) ?? readings.set(py, new Map()).get(py);
    byChar?.set(ch, (byChar.get(ch) ?? 0) + 1);
  }
  return {
    lex,
    docUni,
    docBi,
    readings,
    total: 5e7,
    uniCache: new Map(),
    transCache: new Map(),
    pruneCache: new WeakMap(),
  };
}

// Lexicon look-ups do not depend on the document, so they are cached across documents (bounded).
const lexUni = new Map<string, number>();
const lexBi = new Map<string, number>();
const LEX_CACHE_LIMIT = 500_000;

function lexicalUnigram(lex: Lexicon, ch: string): number {
  let u = lexUni.get(ch);
  if (u === undefined) {
    u = (PUNCT_PRIOR[ch] ?? 0) + lex.unigram(simplifiedChar(ch));
    if (lexUni.size > LEX_CACHE_LIMIT) {
      lexUni.clear();
    }
    lexUni.set(ch, u);
  }
  return u;
}

function lexicalBigram(lex: Lexicon, a: string, b: string): number {
  const key = a + b;
  let v = lexBi.get(key);
  if (v === undefined) {
    v = lex.bigram(simplifiedChar(a), simplifiedChar(b));
    if (lexBi.size > LEX_CACHE_LIMIT) {
      lexBi.clear();
    }
    lexBi.set(key, v);
  }
  return v;
}

function unigram(model: Model, ch: string): number {
  let u = model.uniCache.get(ch);
  if (u === undefined) {
    u = lexicalUnigram(model.lex, ch) + (model.docUni.get(ch) ?? 0) * DOC_WEIGHT;
    model.uniCache.set(ch, u);
  }
  return u;
}

/** log P(c | prev), interpolated: bigram evidence from the document and the lexicon, unigram back-off. */
function transition(model: Model, prev: string, c: string): number {
  const key = prev + '\u0000' + c;
  let t = model.transCache.get(key);
  if (t === undefined) {
    t = computeTransition(model, prev, c);
    model.transCache.set(key, t);
  }
  return t;
}

function computeTransition(model: Model, prev: string, c: string): number {
  const p = unigram(model, c) / model.total;
  // Punctuation is scored by its prior alone: its huge counts would otherwise make every transition out of
  // it look unlikely, and the lexicon (words only) has no bigrams with it.
  if (!prev || PUNCT_PRIOR[prev] !== undefined || PUNCT_PRIOR[c] !== undefined) {
    return Math.log(p + 1e-12);
  }
  const bi = (model.docBi.get(prev + c) ?? 0) * DOC_WEIGHT + lexicalBigram(model.lex, prev, c);
  return Math.log((bi + SMOOTH * p) / (unigram(model, prev) + SMOOTH) + 1e-12);
}

const pruned = new WeakMap<readonly string[], string[]>();

/**
 * The candidates worth trying among the characters some bytes allow: the most frequent in the lexicon
 * (cached across documents), plus any that occur in the document itself.
 */
function prune(model: Model, chars: readonly string[] | undefined): string[] {
  if (!chars) {
    return [];
  }
  const cached = model.pruneCache.get(chars);
  if (cached) {
    return cached;
  }
  let common = pruned.get(chars);
  if (!common) {
    common = chars
      .filter((c) => lexicalUnigram(model.lex, c) > 0)
      .sort((a, b) => lexicalUnigram(model.lex, b) - lexicalUnigram(model.lex, a))
      .slice(0, MAX_CANDIDATES);
    pruned.set(chars, common);
  }
  const inDoc = chars.filter((c) => model.docUni.has(c) && !common.includes(c));
  const result = inDoc.length > 0 ? [...common, ...inDoc] : common;
  model.pruneCache.set(chars, result);
  return result;
}

type Byte = number | undefined; // undefined: lost

interface Lattice {
  bytes: Byte[];
  /** reading of the last character, from the annotation after the span */
  lastReading: string;
}

interface Path {
  score: number;
  text: string;
}

/** Best reading of the lattice between `before` and `after`, or undefined when no reading fits. */
function solve(model: Model, lat: Lattice, before: string, after: string): Path | undefined {
  const { decode, byLead, byTrail, encode } = gbkTable();
  const n = lat.bytes.length;
  const last = n - 2;
  const readingCands = (): string[] => {
    const m = model.readings.get(lat.lastReading);
    return m ? [...m.keys()] : [];
  };
  const single = (i: number): string[] => {
    const a = lat.bytes[i];
    const b = lat.bytes[i + 1];
    let cands: string[];
    if (a !== undefined && b !== undefined) {
      const ch = decode[(a << 8) | b] ?? '';
      const cp = ch.codePointAt(0) ?? 0;
      cands = ch && !(cp >= 0xe000 && cp <= 0xf8ff) ? [ch] : [];
    } else if (a === undefined && b === undefined) {
      cands = i === last ? readingCands() : [];
    } else if (a === undefined) {
      cands = prune(model, byTrail.get(b ?? 0));
    } else {
      cands = prune(model, byLead.get(a));
    }
    if (i === last && lat.bytes[n - 1] === undefined && cands.length > 1) {
      // The annotation after the span gives the last character's reading; prefer characters seen with it.
      const known = new Set(readingCands());
      const agreeing = cands.filter((c) => known.has(c));
      if (agreeing.length > 0) {
        cands = agreeing;
      }
    }
    return cands;
  };
  // Viterbi over character boundaries 0, 2, 4 … n; states keyed by the last character emitted.
  let states = new Map<string, Path>([[before, { score: 0, text: '' }]]);
  for (let i = 0; i < n; i += 2) {
    const next = new Map<string, Path>();
    const offer = (key: string, path: Path) => {
      const cur = next.get(key);
      if (!cur || cur.score < path.score) {
        next.set(key, path);
      }
    };
    for (const c of single(i)) {
      for (const [prev, path] of states) {
        offer(c, { score: path.score + transition(model, prev, c) + CHAR_BONUS, text: path.text + c });
      }
    }
    const a = lat.bytes[i];
    const b = lat.bytes[i + 1];
    if (i >= 2 && a !== undefined && b !== undefined) {
      // A dropped private-use pair between these bytes: (a, x)(y, b) with (x, y) in the user-defined area.
      const firsts = prune(model, byLead.get(a));
      const seconds = prune(model, byTrail.get(b));
      for (const c1 of firsts) {
        const x = (encode.get(c1) ?? 0) & 0xff;
        let bestPrev: Path | undefined;
        for (const [prev, path] of states) {
          const s = path.score + transition(model, prev, c1) + CHAR_BONUS;
          if (!bestPrev || s > bestPrev.score) {
            bestPrev = { score: s, text: path.text + c1 };
          }
        }
        if (!bestPrev) {
          continue;
        }
        for (const c2 of seconds) {
          const y = (encode.get(c2) ?? 0) >> 8;
          if (!isPrivateUsePair(x, y)) {
            continue;
          }
          offer(c2, {
            score: bestPrev.score + transition(model, c1, c2) + CHAR_BONUS + GAP_PENALTY,
            text: bestPrev.text + c2,
          });
        }
      }
    }
    states = next;
    if (states.size === 0) {
      return undefined;
    }
  }
  let best: Path | undefined;
  for (const [prev, path] of states) {
    const s = path.score + (after ? transition(model, prev, after) : 0);
    if (!best || s > best.score) {
      best = { score: s, text: path.text };
    }
  }
  return best;
}

/** The nearest real character before `pos`, skipping annotations. */
function charBefore(text: string, pos: number): string {
  let i = pos;
  while (i > 0) {
    const ch = text[i - 1] ?? '';
    if (ch === ')' || ch === '）') {
      const open = Math.max(text.lastIndexOf('(', i - 1), text.lastIndexOf('（', i - 1));
      if (open >= 0 && i - open <= 10) {
        i = open;
        continue;
      }
    }
    return /\s/.test(ch) ? '' : ch;
  }
  return '';
}

/** The nearest real character after `pos`, skipping one annotation. */
function charAfter(text: string, pos: number): string {
  ANNOTATION.lastIndex = pos;
  const m = ANNOTATION.exec(text);
  const i = m ? pos + m[0].length : pos;
  const ch = text[i] ?? '';
  return /\s/.test(ch) ? '' : ch;
}

/** Result of the mojibake pass over one text. */
export interface MojibakeResult {
  edits: Edit[];
  unrepaired: Unrepaired[];
}

/**
 * Finds one-byte-shift mojibake in `text` (annotations still in place: they are the resynchronisation
 * points and the reading hints), returns edits that restore the characters, and lists damage it could not
 * repair. Cost is linear in the text plus a bounded search per damaged span.
 */
export function repairMojibake(text: string): MojibakeResult {
  const edits: Edit[] = [];
  const unrepaired: Unrepaired[] = [];
  if (!text.includes('?') && !text.includes('\ufffd')) {
    return { edits, unrepaired };
  }
  let model: Model | undefined;
  const covered: [number, number][] = [];
  let spans = 0;
  for (const m of text.matchAll(SPAN)) {
    const start = m.index;
    const end = start + m[0].length;
    covered.push([start, end]);
    if (++spans > MAX_SPANS) {
      unrepaired.push({ start, end, text: m[0], reason: 'too_many_spans' });
      continue;
    }
    const run = m[1] ?? '';
    const endMark = m[2] ?? m[4] ?? '?';
    const reading = m[3] ?? m[5] ?? '';
    const runBytes = encodeGbk(run, true);
    if (!runBytes) {
      unrepaired.push({ start, end, text: m[0], reason: 'not_gbk' });
      continue;
    }
    const bytes: Byte[] = [undefined, ...runBytes];
    bytes.push(endMark === '?' || endMark === '\ufffd' ? undefined : endMark.charCodeAt(0));
    if (bytes.length % 2 !== 0) {
      unrepaired.push({ start, end, text: m[0], reason: 'odd_bytes' });
      continue;
    }
    model ??= buildModel(text);
    const best = solve(model, { bytes, lastReading: reading }, charBefore(text, start), charAfter(text, end));
    // A reading whose average step is this unlikely is a guess, not a repair.
    if (!best || best.score / Math.max(1, [...best.text].length) < -6) {
      unrepaired.push({ start, end, text: m[0], reason: 'no_plausible_reading' });
      continue;
    }
    edits.push({ start, end, replacement: best.text, kind: 'mojibake' });
  }
  for (const m of text.matchAll(SUSPECT)) {
    const s = m.index;
    if (covered.some(([a, b]) => s >= a && s < b)) {
      continue;
    }
    if (unrepaired.length >= MAX_SPANS) {
      break;
    }
    unrepaired.push({ start: s, end: s + m[0].length, text: m[0], reason: 'suspect' });
  }
  return { edits, unrepaired };
}
