/**
 * Decides a file's type from its first bytes, not from what the client claims: evidence must be a
 * document, a spreadsheet, a PDF, an image or plain text.
 */
export interface Sniffed {
  mime: string;
  /** The extensions a file of this type may carry. */
  extensions: string[];
}

const startsWith = (buf: Buffer, bytes: number[], offset = 0) => bytes.every((b, i) => buf[offset + i] === b);

export function sniff(buf: Buffer, filename: string): Sniffed | null {
  const ext = filename.toLowerCase().split('.').pop() ?? '';
  if (startsWith(buf, [0x25, 0x50, 0x44, 0x46, 0x2d])) {
    return { mime: 'application/pdf', extensions: ['pdf'] };
  }
  if (startsWith(buf, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) {
    return { mime: 'image/png', extensions: ['png'] };
  }
  if (startsWith(buf, [0xff, 0xd8, 0xff])) {
    return { mime: 'image/jpeg', extensions: ['jpg', 'jpeg'] };
  }
  if (startsWith(buf, [0x47, 0x49, 0x46, 0x38])) {
    return { mime: 'image/gif', extensions: ['gif'] };
  }
  if (startsWith(buf, [0x52, 0x49, 0x46, 0x46]) && startsWith(buf, [0x57, 0x45, 0x42, 0x50], 8)) {
    return { mime: 'image/webp', extensions: ['webp'] };
  }
  if (startsWith(buf, [0x50, 0x4b, 0x03, 0x04])) {
    const office: Record<string, string> = {
      docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
      xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      pptx: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
      ofd: 'application/ofd',
      zip: 'application/zip',
    };
    return office[ext] ? { mime: office[ext], extensions: [ext] } : null;
  }
  if (startsWith(buf, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])) {
    const legacy: Record<string, string> = {
      doc: 'application/msword',
      xls: 'application/vnd.ms-excel',
      ppt: 'application/vnd.ms-powerpoint',
      wps: 'application/vnd.ms-works',
    };
    return legacy[ext] ? { mime: legacy[ext], extensions: [ext] } : null;
  }
  if (['txt', 'csv', 'md'].includes(ext) && !buf.includes(0) && isUtf8OrGb(buf)) {
    return { mime: ext === 'csv' ? 'text/csv' : 'text/plain', extensions: [ext] };
  }
  return null;
}

/** Text without NUL bytes; the encoding (UTF-8, GBK) is the reader's business. */
function isUtf8OrGb(buf: Buffer): boolean {
  return buf.length === 0 || buf.subarray(0, 4096).every((b) => b >= 0x09);
}
