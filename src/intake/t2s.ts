import * as OpenCC from 'opencc-js';

/**
 * Traditional → simplified with OpenCC's phrase tables. The Taiwan table ('tw') is used because it knows
 * the particle 著 → 着 (看著 → 看着) that the generic table leaves alone; the few words where 著 means
 * "written/notable" and the Taiwan table over-converts are put back afterwards.
 */
type Convert = (text: string) => string;
/**
 * opencc-js's bundled typings re-export from './core' without an extension, which NodeNext resolution
 * cannot follow, so the one function used here is typed by hand.
 */
const makeConverter = (OpenCC as unknown as { Converter: (opts: { from: string; to: string }) => Convert })
  .Converter;

let converter: ((text: string) => string) | undefined;
let strictConverter: ((text: string) => string) | undefined;

const zhuWords = ['编着', '原着', '专着', '卓着', '土着', '论着', '巨着', '遗着', '译着', '合着作', '名着'];
const zhuFix = new RegExp(zhuWords.join('|'), 'g');

function twToCn(): (text: string) => string {
  const c = converter ?? makeConverter({ from: 'tw', to: 'cn' });
  converter = c;
  return c;
}

/** Simplified form of `text`; always the same length as `text` (OpenCC's t→cn tables map 1:1 here). */
export function toSimplified(text: string): string {
  const out = twToCn()(text);
  return out.includes('着') ? out.replace(zhuFix, (w) => w.replace('着', '著')) : out;
}

/** OpenCC's generic traditional → mainland converter, used to check that nothing traditional is left. */
export function genericToSimplified(text: string): string {
  const c = strictConverter ?? makeConverter({ from: 't', to: 'cn' });
  strictConverter = c;
  return c(text);
}

const charCache = new Map<string, string>();

/** Simplified form of one character (cached; used by the mojibake scorer on many candidates). */
export function simplifiedChar(ch: string): string {
  let s = charCache.get(ch);
  if (s === undefined) {
    s = twToCn()(ch);
    charCache.set(ch, s);
  }
  return s;
}
