import { inflateRawSync } from 'node:zlib';

/**
 * Just enough of a ZIP reader to take one entry out of a .docx: find the end-of-central-directory record,
 * walk the central directory (sizes there are reliable even when local headers use data descriptors), and
 * inflate the entry with a cap on its output so that a zip bomb cannot exhaust memory.
 */
export class ZipFormatError extends Error {}

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;

/** True when the bytes start like a ZIP archive. */
export function looksLikeZip(buf: Uint8Array): boolean {
  return buf.length >= 4 && buf[0] === 0x50 && buf[1] === 0x4b && buf[2] === 0x03 && buf[3] === 0x04;
}

/** Names of the entries in the archive's central directory. */
export function listZip(buf: Buffer): string[] {
  return centralEntries(buf).map((e) => e.name);
}

interface Entry {
  name: string;
  method: number;
  compressedSize: number;
  size: number;
  localOffset: number;
}

function centralEntries(buf: Buffer): Entry[] {
  const min = Math.max(0, buf.length - 65557);
  let eocd = -1;
  for (let i = buf.length - 22; i >= min; i--) {
    if (buf.readUInt32LE(i) === EOCD) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) {
    throw new ZipFormatError('找不到 ZIP 目录');
  }
  const count = buf.readUInt16LE(eocd + 10);
  let p = buf.readUInt32LE(eocd + 16);
  const entries: Entry[] = [];
  for (let k = 0; k < count; k++) {
    if (p + 46 > buf.length || buf.readUInt32LE(p) !== CENTRAL) {
      throw new ZipFormatError('ZIP 目录损坏');
    }
    const nameLen = buf.readUInt16LE(p + 28);
    const extraLen = buf.readUInt16LE(p + 30);
    const commentLen = buf.readUInt16LE(p + 32);
    entries.push({
      method: buf.readUInt16LE(p + 10),
      compressedSize: buf.readUInt32LE(p + 20),
      size: buf.readUInt32LE(p + 24),
      name: buf.toString('utf8', p + 46, Math.min(buf.length, p + 46 + nameLen)),
      localOffset: buf.readUInt32LE(p + 42),
    });
    p += 46 + nameLen + extraLen + commentLen;
  }
  return entries;
}

/** The bytes of entry `name`, undefined when absent; throws ZipFormatError when the archive is damaged. */
export function readZipEntry(buf: Buffer, name: string, maxSize: number): Buffer | undefined {
  const entry = centralEntries(buf).find((e) => e.name === name);
  return entry ? inflateEntry(buf, entry, maxSize) : undefined;
}

/**
 * Checks that the whole archive unpacks to at most `maxTotal` bytes in at most `maxEntries` entries,
 * by unpacking it (the sizes an archive declares may lie), before a library that has no such limit
 * reads it. Throws ZipFormatError otherwise.
 */
export function checkZipSize(buf: Buffer, maxTotal: number, maxEntries: number): void {
  const entries = centralEntries(buf);
  if (entries.length > maxEntries) {
    throw new ZipFormatError(`压缩包内文件过多（超过 ${maxEntries} 个）`);
  }
  let left = maxTotal;
  for (const e of entries) {
    left -= inflateEntry(buf, e, left + 1).length;
    if (left < 0) {
      throw new ZipFormatError('解压后内容过大');
    }
  }
}

function inflateEntry(buf: Buffer, entry: Entry, maxSize: number): Buffer {
  const p = entry.localOffset;
  if (p + 30 > buf.length || buf.readUInt32LE(p) !== LOCAL) {
    throw new ZipFormatError('ZIP 条目头损坏');
  }
  const start = p + 30 + buf.readUInt16LE(p + 26) + buf.readUInt16LE(p + 28);
  const end = start + entry.compressedSize;
  if (end > buf.length) {
    throw new ZipFormatError('ZIP 条目被截断');
  }
  const data = buf.subarray(start, end);
  if (entry.method === 0) {
    return data;
  }
  if (entry.method !== 8) {
    throw new ZipFormatError(`不支持的压缩方式 ${entry.method}`);
  }
  try {
    return inflateRawSync(data, { maxOutputLength: maxSize });
  } catch (err) {
    throw new ZipFormatError(err instanceof RangeError ? '解压后内容过大' : '压缩数据损坏');
  }
}
