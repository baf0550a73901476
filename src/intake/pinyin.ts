import { simplifiedChar } from './t2s.js';
import type { Edit } from './offsets.js';

/** Letters a pinyin annotation may contain: lower-case Latin plus tone-marked vowels. */
export const PINYIN_LETTERS = 'a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüńňǹḿ';

const TONED = /[āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜńňǹḿ]/;
const toneless: Record<string, string> = {};
for (const [base, marks] of [
  ['a', 'āáǎà'],
  ['e', 'ēéěè'],
  ['i', 'īíǐì'],
  ['o', 'ōóǒò'],
  ['u', 'ūúǔù'],
  ['v', 'ǖǘǚǜü'],
  ['n', 'ńňǹ'],
  ['m', 'ḿ'],
] as const) {
  for (const m of marks) {
    toneless[m] = base;
  }
}
// Initial + final (+ nasal/r); loose, but English words in brackets rarely fit and are usually capitalised.
const SYLLABLE = /^(?:zh|ch|sh|[bpmfdtnlgkhjqxrzcsyw])?(?:[aeiouv]{1,3})(?:ng|n|r)?$|^(?:m|n|ng|hm|hng)$/;

/** True when `word` (lower-case, possibly tone-marked) is one pinyin syllable. */
export function isPinyinSyllable(word: string): boolean {
  let plain = '';
  for (const ch of word) {
    plain += toneless[ch] ?? ch;
  }
  return SYLLABLE.test(plain);
}

const CJK = /[\u3400-\u9fff\uf900-\ufaff]/;
const CHAIN = new RegExp(`(?:[(（][${PINYIN_LETTERS}]{1,7}[)）])+`, 'g');
const ONE = new RegExp(`[(（]([${PINYIN_LETTERS}]{1,7})[)）]`, 'g');

/**
 * Edits removing pinyin glued after characters, e.g. 傳達(dá) → 傳達. A bracket is an annotation only when it
 * follows a Chinese character and holds pinyin syllables that carry a tone mark — or, toneless, follow a
 * character that has a simplified form (the converters that add them annotate converted characters). So
 * 昨(22)日, 各市(州), (2020-2022年), (试行) and (GDP) are never touched. A run of annotations goes in one edit,
 * which makes the pass idempotent.
 */
export function pinyinEdits(text: string): Edit[] {
  const edits: Edit[] = [];
  if (!text.includes('(') && !text.includes('（')) {
    return edits;
  }
  for (const m of text.matchAll(CHAIN)) {
    const start = m.index;
    const prev = text[start - 1] ?? '';
    if (!CJK.test(prev)) {
      continue;
    }
    const converted = simplifiedChar(prev) !== prev;
    let ok = true;
    for (const one of m[0].matchAll(ONE)) {
      const syl = one[1] ?? '';
      if (!isPinyinSyllable(syl) || !(TONED.test(syl) || converted)) {
        ok = false;
        break;
      }
    }
    if (ok) {
      edits.push({ start, end: start + m[0].length, replacement: '', kind: 'pinyin' });
    }
  }
  return edits;
}

/** Removes pinyin annotations from `text` (no offset map; for callers that only want the text). */
export function stripPinyin(text: string): string {
  let out = '';
  let pos = 0;
  for (const e of pinyinEdits(text)) {
    out += text.slice(pos, e.start);
    pos = e.end;
  }
  return out + text.slice(pos);
}
