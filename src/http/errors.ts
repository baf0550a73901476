import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { isUniqueViolation } from '../db/adapter.js';
import { AppError, errorCatalogue, type ErrorCode, type FieldIssue } from '../errors.js';
import { errorMessage } from '../i18n/messages.js';
import { pickLocale, type Locale } from '../i18n/locale.js';
import { policySummary } from '../modules/auth/passwords.js';

/** The one error shape every client sees. */
export const errorEnvelope = z.object({
  error: z.object({
    code: z.enum(Object.keys(errorCatalogue) as [ErrorCode, ...ErrorCode[]]),
    message: z.string(),
    details: z.unknown().optional(),
  }),
  requestId: z.string(),
});

/** Raised by the request validator: zod's issues for one part of the request (body, querystring, params). */
export class RequestValidationError extends Error {
  readonly statusCode = 400;
  constructor(
    readonly part: string,
    readonly issues: z.core.$ZodIssue[],
  ) {
    super(`invalid ${part}`);
  }
}

const zodLocales: Record<Locale, () => { localeError: z.core.$ZodErrorMap }> = {
  'zh-CN': z.locales.zhCN,
  'zh-TW': z.locales.zhTW,
  en: z.locales.en,
};

const partName: Record<string, string> = {
  querystring: 'query',
  body: 'body',
  params: 'params',
  headers: 'headers',
};

/** Turns zod issues into field issues in the request's language, without echoing the input back. */
function fieldIssues(err: RequestValidationError, locale: Locale): FieldIssue[] {
  const localeError = zodLocales[locale]().localeError;
  return err.issues.map((issue) => {
    const keys = issue.code === 'unrecognized_keys' ? issue.keys : [];
    const path = [
      partName[err.part] ?? err.part,
      ...issue.path.map(String),
      ...(keys.length === 1 ? keys : []),
    ].join('.');
    // Messages we wrote ourselves (regex hints) are kept; zod's own are re-rendered in the request's language.
    const custom =
      (issue.code === 'invalid_format' || issue.code === 'custom') &&
      issue.message &&
      !issue.message.startsWith('Invalid');
    const rendered = custom ? issue.message : localeError(issue as never);
    const message = typeof rendered === 'string' ? rendered : (rendered?.message ?? issue.message);
    return { field: path, message, code: issue.code };
  });
}

function summarise(details: unknown): string {
  if (!Array.isArray(details)) {
    return '';
  }
  const parts = (details as FieldIssue[]).slice(0, 3).map((d) => `${d.field} ${d.message}`);
  return parts.join('；') + (details.length > 3 ? ` …（共 ${details.length} 处）` : '');
}

export function sendError(request: FastifyRequest, reply: FastifyReply, err: AppError): FastifyReply {
  const locale = pickLocale(request.headers['accept-language']);
  const params: Record<string, string | number> = { summary: summarise(err.details), ...err.params };
  if (err.code === 'password_policy') {
    params.summary = policySummary(err.details, locale) ?? params.summary ?? '';
  }
  return reply
    .code(err.statusCode)
    .header('cache-control', 'no-store')
    .send({
      error: { code: err.code, message: errorMessage(locale, err.code, params), details: err.details },
      requestId: String(request.id),
    });
}

/** Maps anything thrown to the catalogue; 5xx are logged and masked. */
export function toAppError(err: unknown, request: FastifyRequest): AppError {
  if (err instanceof AppError) {
    return err;
  }
  if (err instanceof RequestValidationError) {
    const details = fieldIssues(err, pickLocale(request.headers['accept-language']));
    return new AppError('validation_failed', { details });
  }
  const e = err as FastifyError & { validation?: unknown };
  switch (e.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
    case 'FST_REQ_FILE_TOO_LARGE':
    case 'FST_FILES_LIMIT':
    case 'FST_PARTS_LIMIT':
      return new AppError('payload_too_large');
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
    case 'FST_INVALID_MULTIPART_CONTENT_TYPE':
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return new AppError('unsupported_media_type', {
        params: { type: String(request.headers['content-type'] ?? '') },
      });
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return new AppError('bad_request', { params: { reason: 'empty JSON body' } });
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return new AppError('bad_request', { params: { reason: 'invalid JSON' } });
    default:
      break;
  }
  if (e instanceof SyntaxError || e.code === 'FST_ERR_CTP_INVALID_JSON_BODY') {
    return new AppError('bad_request', { params: { reason: 'invalid JSON' } });
  }
  if (isUniqueViolation(err)) {
    // Two requests raced for the same code or name; the later one loses like a checked duplicate would.
    return new AppError('conflict', {
      params: { summary: 'already exists' },
      details: [{ field: 'body', message: '与同时提交的请求冲突：编码或名称已存在' }],
    });
  }
  if (e.statusCode === 429) {
    return new AppError('rate_limited');
  }
  if (e.statusCode === 413) {
    return new AppError('payload_too_large');
  }
  if (e.statusCode === 415) {
    return new AppError('unsupported_media_type', {
      params: { type: String(request.headers['content-type'] ?? '') },
    });
  }
  if (typeof e.statusCode === 'number' && e.statusCode >= 400 && e.statusCode < 500) {
    return new AppError('bad_request', { params: { reason: e.message } });
  }
  request.log.error({ err }, 'unhandled error');
  return new AppError('internal_error');
}
