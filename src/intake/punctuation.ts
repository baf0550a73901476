import type { Edit } from './offsets.js';

const CJK = /[\u3400-\u9fff\uf900-\ufaff\u3000-\u303f\uff00-\uffef“”‘’]/;
const HAN = /[\u3400-\u9fff\uf900-\ufaff]/;

const toFull: Record<string, string> = { ',': '，', ';': '；', ':': '：', '!': '！' };
const direct: Record<string, string> = {
  '「': '“',
  '」': '”',
  '『': '‘',
  '』': '’',
  '\u00a0': ' ',
  '\u3000': ' ',
  '\r': '\n',
};

/**
 * Edits giving one punctuation style: Chinese marks between Chinese text (ASCII , ; : ! next to Chinese
 * become ，；：！; "…" becomes “…”), corner brackets become quotes, full-width letters and digits become
 * ASCII, odd spaces become plain ones, line indentation and trailing blanks go, CRLF becomes LF. The
 * ASCII "?" is left alone: it may be unrepaired mojibake, which must stay visible.
 */
export function punctuationEdits(text: string): Edit[] {
  const edits: Edit[] = [];
  let quoteOpen = false;
  let lineStart = true;
  const len = text.length;
  for (let i = 0; i < len; i++) {
    const code = text.charCodeAt(i);
    if (code >= 0x4e00 && code <= 0x9fff) {
      // the bulk of the text: nothing to do, and no string is made for it
      lineStart = false;
      continue;
    }
    const ch = text[i] ?? '';
    if (ch === '\n') {
      quoteOpen = false;
      lineStart = true;
      continue;
    }
    if (lineStart && (ch === ' ' || ch === '\t' || ch === '\u3000' || ch === '\u00a0')) {
      let j = i;
      while (
        j < len &&
        (text[j] === ' ' || text[j] === '\t' || text[j] === '\u3000' || text[j] === '\u00a0')
      ) {
        j++;
      }
      edits.push({ start: i, end: j, replacement: '', kind: 'whitespace' });
      i = j - 1;
      lineStart = false;
      continue;
    }
    lineStart = false;
    if (ch === ' ' || ch === '\t' || ch === '\u3000' || ch === '\u00a0') {
      let j = i;
      while (
        j < len &&
        (text[j] === ' ' || text[j] === '\t' || text[j] === '\u3000' || text[j] === '\u00a0')
      ) {
        j++;
      }
      if (j === len || text[j] === '\n' || text[j] === '\r') {
        edits.push({ start: i, end: j, replacement: '', kind: 'whitespace' });
        i = j - 1;
        continue;
      }
    }
    if (code === 0x200b || code === 0x200c || code === 0x200d || code === 0xfeff) {
      edits.push({ start: i, end: i + 1, replacement: '', kind: 'whitespace' });
      continue;
    }
    if (ch === '\r') {
      if (text[i + 1] === '\n') {
        edits.push({ start: i, end: i + 1, replacement: '', kind: 'whitespace' });
      } else {
        edits.push({ start: i, end: i + 1, replacement: '\n', kind: 'whitespace' });
        quoteOpen = false;
        lineStart = true;
      }
      continue;
    }
    const d = direct[ch];
    if (d !== undefined) {
      edits.push({ start: i, end: i + 1, replacement: d, kind: d === ' ' ? 'whitespace' : 'punctuation' });
      continue;
    }
    // full-width letters and digits (not punctuation) → ASCII
    if (
      (code >= 0xff10 && code <= 0xff19) ||
      (code >= 0xff21 && code <= 0xff3a) ||
      (code >= 0xff41 && code <= 0xff5a)
    ) {
      edits.push({
        start: i,
        end: i + 1,
        replacement: String.fromCharCode(code - 0xfee0),
        kind: 'punctuation',
      });
      continue;
    }
    const prev = text[i - 1] ?? '';
    const next = text[i + 1] ?? '';
    const full = toFull[ch];
    if (full !== undefined) {
      // "08:47", "1,000" and "a:b" stay; a mark touching Chinese on either side is Chinese punctuation.
      const prevHan = CJK.test(prev);
      const nextHan = CJK.test(next);
      if ((prevHan && !/\d/.test(next)) || (nextHan && !/\d/.test(prev)) || (prevHan && nextHan)) {
        edits.push({ start: i, end: i + 1, replacement: full, kind: 'punctuation' });
      }
      continue;
    }
    if (ch === '"') {
      const nearHan = HAN.test(prev) || HAN.test(next) || CJK.test(prev) || CJK.test(next);
      if (nearHan) {
        edits.push({ start: i, end: i + 1, replacement: quoteOpen ? '”' : '“', kind: 'punctuation' });
        quoteOpen = !quoteOpen;
      }
      continue;
    }
    if (ch === '“') {
      quoteOpen = true;
    } else if (ch === '”') {
      quoteOpen = false;
    }
  }
  return edits;
}
