import type { FastifyRequest } from 'fastify';
import { AppError } from '../errors.js';

/** An upload over its limit, refused naming the field (413). */
export function tooLarge(field: string, limit: number): AppError {
  return new AppError('payload_too_large', {
    details: [{ field, message: `内容过大：不应超过 ${Math.round(limit / 1024 / 1024)} MB` }],
  });
}

/** The file of a multipart request (field "file"), read whole, at most `limit` bytes. */
export async function uploadedFile(
  request: FastifyRequest,
  limit: number,
): Promise<{ filename: string; data: Buffer }> {
  if (!request.isMultipart()) {
    throw new AppError('unsupported_media_type', {
      params: { type: String(request.headers['content-type'] ?? '') },
    });
  }
  try {
    const part = await request.file({ limits: { fileSize: limit } });
    if (!part) {
      throw new AppError('validation_failed', { details: [{ field: 'body.file', message: '缺少文件' }] });
    }
    return { filename: part.filename, data: await part.toBuffer() };
  } catch (err) {
    const code = (err as { code?: string }).code;
    if (code === 'FST_REQ_FILE_TOO_LARGE') {
      throw tooLarge('body.file', limit);
    }
    if (err instanceof AppError || code?.startsWith('FST_')) {
      throw err;
    }
    // The multipart parser's own errors (no boundary, a part cut short, a broken part header): the body is bad.
    throw new AppError('validation_failed', {
      details: [
        {
          field: 'body',
          message: `无法读取上传的文件：请求体不是完整的 multipart/form-data（${String((err as Error).message).slice(0, 80)}）`,
        },
      ],
    });
  }
}

/**
 * A file name as it may be stored, shown and offered for download: no folders, no control characters, and
 * none of the characters that reverse the direction of text (which make 「invoice‮gnp.exe」 read as a
 * picture); at most 200 characters, its end kept.
 */
export function cleanFilename(name: string): string {
  const base = name
    .replace(/[\\/]/g, '_')
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u001f\u007f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, '')
    .trim();
  return (base || 'file').slice(-200);
}
