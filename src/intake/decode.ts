import { documentXmlToText } from './docx.js';
import { IntakeError } from './errors.js';
import { listZip, looksLikeZip, readZipEntry, ZipFormatError } from './zip.js';

/** How the input's bytes were read. */
export type InputEncoding = 'text' | 'utf-8' | 'utf-16le' | 'utf-16be' | 'gb18030' | 'big5' | 'docx';

/** Decoded input text and how it was obtained. */
export interface Decoded {
  text: string;
  encoding: InputEncoding;
}

/** Largest input accepted (bytes or UTF-16 code units). */
export const MAX_INPUT = 32 * 1024 * 1024;
const MAX_DOCX_XML = 64 * 1024 * 1024;

const signatures: [number[], string][] = [
  [[0x89, 0x50, 0x4e, 0x47], 'PNG 图片'],
  [[0xff, 0xd8, 0xff], 'JPEG 图片'],
  [[0x47, 0x49, 0x46, 0x38], 'GIF 图片'],
  [[0x25, 0x50, 0x44, 0x46], 'PDF 文件'],
  [[0x1f, 0x8b], 'gzip 压缩文件'],
  [[0x52, 0x61, 0x72, 0x21], 'RAR 压缩文件'],
  [[0x37, 0x7a, 0xbc, 0xaf], '7z 压缩文件'],
  [[0x7f, 0x45, 0x4c, 0x46], '可执行程序'],
  [[0x4d, 0x5a], '可执行程序'],
];
const OLE = [0xd0, 0xcf, 0x11, 0xe0];

const startsWith = (buf: Uint8Array, sig: number[]) => sig.every((b, i) => buf[i] === b);

/**
 * Common characters of Chinese running text, simplified and traditional forms alike. A decoding that
 * yields many of them is the right one: GBK bytes read as Big5 (or the reverse) give rare characters.
 */
const COMMON =
  '的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反明看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革位入常文总次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计别手角期根论运农指几九区强放决西被干做必战先回则任取据处队南给色光门即保治北造百规热领七海口东导器压志世金增争济阶油思术极交受联什认六共权收证改清己美再采转更单风切打白教速花带安场身车例真务具万每目至达走积示议声报斗完类八离华名确才科张信马节话米整空元况今集温传土许步群广石记需段研界拉林律叫且究观越织装影算低持音众书布复容儿须际商非验连断深难近矿千周委素技备半办青省列习响约支般史感劳便团往酸历市克何除消构府称太准精值号率族维划选标写存候毛亲快效斯院查江型眼王按格养易置派层片始却专状育厂京识适属圆包火住调满县局照参红细引听该铁价严' +
  '這個為們來時說國會對發動與當進過現實經體點業開還從關問題區議導長書記強調議縣傳達領組織責務標議會議幹部' +
  '黨員幹聯係據項據總結劃應隊歷史農義將報紙區層參與營設計變歡樂幾張';
const commonSet = new Set(COMMON);

/** Count of common characters minus penalties for replacement, private-use and control characters. */
function score(text: string): number {
  let s = 0;
  for (const ch of text) {
    const cp = ch.codePointAt(0) ?? 0;
    if (commonSet.has(ch)) {
      s += 2;
    } else if (cp === 0xfffd) {
      s -= 8;
    } else if (cp >= 0xe000 && cp <= 0xf8ff) {
      s -= 4;
    } else if (cp < 0x20 && cp !== 9 && cp !== 10 && cp !== 13) {
      s -= 8;
    } else if (cp >= 0x3400 && cp <= 0x9fff) {
      s -= 0.3; // rare character: a mis-decoding produces many
    }
  }
  return s;
}

function controlRatio(buf: Uint8Array): number {
  const n = Math.min(buf.length, 65536);
  let bad = 0;
  for (let i = 0; i < n; i++) {
    const b = buf[i] ?? 0;
    if (b < 0x20 && b !== 9 && b !== 10 && b !== 13 && b !== 12) {
      bad++;
    }
  }
  return n === 0 ? 0 : bad / n;
}

function decodeDocx(buf: Buffer): string {
  let xml: Buffer | undefined;
  try {
    xml = readZipEntry(buf, 'word/document.xml', MAX_DOCX_XML);
  } catch (err) {
    throw new IntakeError('corrupt_docx', {
      reason: err instanceof ZipFormatError ? err.message : '无法解压',
    });
  }
  if (!xml) {
    let names: string[] = [];
    try {
      names = listZip(buf);
    } catch {
      names = [];
    }
    if (names.some((n) => n.startsWith('xl/'))) {
      throw new IntakeError('unsupported_format', { kind: 'Excel(.xlsx)表格' });
    }
    throw new IntakeError('not_docx');
  }
  return documentXmlToText(xml.toString('utf8'));
}

/**
 * Turns the input into text: a string is taken as is; bytes are a .docx (ZIP with word/document.xml),
 * UTF-8 (valid, with or without BOM), UTF-16 with BOM, or else whichever of GB18030 (a superset of GBK) and
 * Big5 reads as more common Chinese. Files that are plainly not text are refused with an IntakeError.
 */
export function decodeInput(input: Buffer | Uint8Array | string): Decoded {
  if (typeof input === 'string') {
    if (input.length > MAX_INPUT) {
      throw new IntakeError('too_large', { limit: '32 MB' });
    }
    return { text: input.charCodeAt(0) === 0xfeff ? input.slice(1) : input, encoding: 'text' };
  }
  const buf = Buffer.isBuffer(input) ? input : Buffer.from(input.buffer, input.byteOffset, input.byteLength);
  if (buf.length > MAX_INPUT) {
    throw new IntakeError('too_large', { limit: '32 MB' });
  }
  if (looksLikeZip(buf)) {
    return { text: decodeDocx(buf), encoding: 'docx' };
  }
  if (startsWith(buf, OLE)) {
    throw new IntakeError('unsupported_format', { kind: '旧版 Word(.doc)或其他 Office 二进制文件' });
  }
  for (const [sig, kind] of signatures) {
    if (startsWith(buf, sig)) {
      throw new IntakeError('binary_input', { kind });
    }
  }
  if (buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) {
    return { text: new TextDecoder('utf-8').decode(buf.subarray(3)), encoding: 'utf-8' };
  }
  if (buf[0] === 0xff && buf[1] === 0xfe) {
    return { text: new TextDecoder('utf-16le').decode(buf.subarray(2)), encoding: 'utf-16le' };
  }
  if (buf[0] === 0xfe && buf[1] === 0xff) {
    return { text: new TextDecoder('utf-16be').decode(buf.subarray(2)), encoding: 'utf-16be' };
  }
  if (controlRatio(buf) > 0.01) {
    throw new IntakeError('binary_input', { kind: '二进制数据' });
  }
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(buf), encoding: 'utf-8' };
  } catch {
    // not UTF-8: a legacy Chinese code page
  }
  // Judge on a sample: enough to tell the code pages apart, cheap on large files.
  const sample = buf.subarray(0, 256 * 1024);
  const gb = new TextDecoder('gb18030').decode(sample);
  const big5 = new TextDecoder('big5').decode(sample);
  const gbScore = score(gb);
  const big5Score = score(big5);
  const best = Math.max(gbScore, big5Score);
  if (best <= 0) {
    throw new IntakeError('undecodable');
  }
  const encoding = big5Score > gbScore ? 'big5' : 'gb18030';
  return { text: new TextDecoder(encoding).decode(buf), encoding };
}
