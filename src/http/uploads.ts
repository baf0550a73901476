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
  const part = await request.file({ limits: { fileSize: limit } });
  if (!part) {
    throw new AppError('validation_failed', { details: [{ field: 'body.file', message: '缺少文件' }] });
  }
  try {
    return { filename: part.filename, data: await part.toBuffer() };
  } catch (err) {
    if ((err as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') {
      throw tooLarge('body.file', limit);
    }
    throw err;
  }
}
