/**
 * A GBK code table built once from Node's own decoder (WHATWG "gbk" is GB18030's two-byte part), so the
 * mojibake repair can re-encode characters to the bytes they came from without a new dependency.
 */

export interface GbkTable {
  /** character → (lead << 8) | trail */
  encode: Map<string, number>;
  /** (lead << 8) | trail → character, '' where the pair is not a character */
  decode: string[];
  /** characters by lead byte and by trail byte, skipping private-use code points */
  byLead: Map<number, string[]>;
  byTrail: Map<number, string[]>;
}

let table: GbkTable | undefined;

const isPrivateUse = (cp: number) => cp >= 0xe000 && cp <= 0xf8ff;

/** The table, built on first use (about 24,000 pairs, a few milliseconds). */
export function gbkTable(): GbkTable {
  if (table) {
    return table;
  }
  const pairs: number[] = [];
  for (let lead = 0x81; lead <= 0xfe; lead++) {
    for (let trail = 0x40; trail <= 0xfe; trail++) {
      if (trail !== 0x7f) {
        pairs.push(lead, trail);
      }
    }
  }
  const chars = [...new TextDecoder('gbk').decode(Uint8Array.from(pairs))];
  const encode = new Map<string, number>();
  const decode: string[] = new Array<string>(65536).fill('');
  const byLead = new Map<number, string[]>();
  const byTrail = new Map<number, string[]>();
  // Every pair decodes to exactly one code point in this range, so positions line up.
  for (let i = 0; i < chars.length; i++) {
    const ch = chars[i] ?? '';
    const code = ((pairs[2 * i] ?? 0) << 8) | (pairs[2 * i + 1] ?? 0);
    const cp = ch.codePointAt(0) ?? 0xfffd;
    if (cp === 0xfffd) {
      continue;
    }
    decode[code] = ch;
    if (!encode.has(ch)) {
      encode.set(ch, code);
    }
    if (!isPrivateUse(cp)) {
      const lead = code >> 8;
      const trail = code & 0xff;
      (byLead.get(lead) ?? byLead.set(lead, []).get(lead))?.push(ch);
      (byTrail.get(trail) ?? byTrail.set(trail, []).get(trail))?.push(ch);
    }
  }
  table = { encode, decode, byLead, byTrail };
  return table;
}

/** True when the two bytes decode to a private-use code point, which the corrupting step dropped. */
export function isPrivateUsePair(lead: number, trail: number): boolean {
  const ch = gbkTable().decode[(lead << 8) | trail];
  return ch !== undefined && ch !== '' && isPrivateUse(ch.codePointAt(0) ?? 0);
}

/**
 * GBK bytes of `text`, or undefined when a character has none. ASCII punctuation maps to its full-width
 * form, because the corrupted pages show full-width marks (A3xx) flattened to ASCII.
 */
export function encodeGbk(text: string, asciiAsFullWidth: boolean): number[] | undefined {
  const { encode } = gbkTable();
  const out: number[] = [];
  for (const ch of text) {
    let cp = ch.codePointAt(0) ?? 0;
    if (cp < 0x80) {
      if (!asciiAsFullWidth) {
        out.push(cp);
        continue;
      }
      cp = cp === 0x20 ? 0x3000 : cp + 0xfee0;
    }
    const code = encode.get(String.fromCodePoint(cp));
    if (code === undefined) {
      return undefined;
    }
    out.push(code >> 8, code & 0xff);
  }
  return out;
}
