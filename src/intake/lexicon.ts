import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

/**
 * Character unigram and bigram counts taken from jieba's word list (350,000 simplified words with
 * frequencies). Only the mojibake repair needs them, to choose among the characters a lost byte allows;
 * they are loaded on first use (about 0.3 s) and kept.
 */
export interface Lexicon {
  unigram(ch: string): number;
  bigram(a: string, b: string): number;
}

let lexicon: Lexicon | undefined;

/** The shared lexicon; an empty one when jieba's dictionary cannot be found (repair then relies on the text). */
export function loadLexicon(): Lexicon {
  if (lexicon) {
    return lexicon;
  }
  const uni = new Map<number, number>();
  const bi = new Map<number, number>();
  let text = '';
  try {
    const require = createRequire(import.meta.url);
    text = readFileSync(require.resolve('@node-rs/jieba/dict.txt'), 'utf8');
  } catch {
    text = '';
  }
  const len = text.length;
  let i = 0;
  while (i < len) {
    const wordStart = i;
    while (i < len && text.charCodeAt(i) !== 32 && text.charCodeAt(i) !== 10) {
      i++;
    }
    const wordEnd = i;
    let freq = 0;
    if (text.charCodeAt(i) === 32) {
      i++;
      let d = text.charCodeAt(i);
      while (d >= 48 && d <= 57) {
        freq = freq * 10 + d - 48;
        d = text.charCodeAt(++i);
      }
    }
    while (i < len && text.charCodeAt(i) !== 10) {
      i++;
    }
    i++;
    let prev = -1;
    for (let k = wordStart; k < wordEnd; k++) {
      const c = text.charCodeAt(k);
      uni.set(c, (uni.get(c) ?? 0) + freq);
      if (prev >= 0) {
        const key = prev * 65536 + c;
        bi.set(key, (bi.get(key) ?? 0) + freq);
      }
      prev = c;
    }
  }
  const code = (ch: string) => (ch.length === 1 ? ch.charCodeAt(0) : -1);
  lexicon = {
    unigram: (ch) => uni.get(code(ch)) ?? 0,
    bigram: (a, b) => {
      const x = code(a);
      const y = code(b);
      return x < 0 || y < 0 ? 0 : (bi.get(x * 65536 + y) ?? 0);
    },
  };
  return lexicon;
}
