/**
 * The closed catalogue of errors a client can see. Each has a stable snake_case code and one HTTP status;
 * the words are in src/i18n/messages.ts, chosen per request language.
 */
export const errorCatalogue = {
  validation_failed: 400,
  bad_request: 400,
  invalid_credentials: 401,
  unauthenticated: 401,
  session_expired: 401,
  account_locked: 423,
  account_disabled: 401,
  password_change_required: 403,
  csrf_failed: 403,
  forbidden: 403,
  not_found: 404,
  method_not_allowed: 405,
  conflict: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  password_policy: 400,
  separation_of_duties: 409,
  rate_limited: 429,
  invalid_transition: 409,
  file_rejected: 415,
  file_corrupt: 500,
  unknown_migrations: 500,
  internal_error: 500,
} as const;

export type ErrorCode = keyof typeof errorCatalogue;

/** One problem with one field of a request, named by its path (`body.password`, `query.pageSize`, `row 3.code`). */
export interface FieldIssue {
  field: string;
  message: string;
  code?: string;
}

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly statusCode: number;
  readonly details: unknown;
  /** Values substituted into the localised message, e.g. `{ minutes: 15 }`. */
  readonly params: Record<string, string | number>;

  constructor(
    code: ErrorCode,
    opts: { details?: unknown; params?: Record<string, string | number>; message?: string } = {},
  ) {
    super(opts.message ?? code);
    this.name = 'AppError';
    this.code = code;
    this.statusCode = errorCatalogue[code];
    this.details = opts.details;
    this.params = opts.params ?? {};
  }
}

export const notFound = (entity: string, id?: string | number) =>
  new AppError('not_found', { params: { entity }, details: id === undefined ? undefined : { entity, id } });

export const forbidden = (permission?: string) =>
  new AppError('forbidden', { details: permission ? { permission } : undefined });

export const conflict = (field: string, reason: string) =>
  new AppError('conflict', { details: [{ field, message: reason }] satisfies FieldIssue[] });

export const invalid = (issues: FieldIssue[]) => new AppError('validation_failed', { details: issues });
