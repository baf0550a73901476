import { requirePermission } from '../../access.js';
import type { Actor, Ctx } from '../../context.js';
import { today } from '../../context.js';
import { AppError, invalid } from '../../errors.js';
import { decodeInput, intake, IntakeError, type IntakeErrorCode } from '../../intake/index.js';
import type { IntakeOut } from './intake.schema.js';
import { MAX_TEXT_CHARS } from './meetings.schema.js';

/** Where the input came from, named in errors: `body.text` for pasted text, `body.file` for an upload. */
export type IntakeField = 'body.text' | 'body.file';

/** The library's refusals as catalogue errors: empty → 400, too large → 413, not a readable text → 415. */
function refusal(err: IntakeError, field: IntakeField): AppError {
  const details = [{ field, message: err.message, code: err.code }];
  const status: Record<IntakeErrorCode, 'validation_failed' | 'payload_too_large' | 'file_rejected'> = {
    empty_input: 'validation_failed',
    too_large: 'payload_too_large',
    binary_input: 'file_rejected',
    not_docx: 'file_rejected',
    corrupt_docx: 'file_rejected',
    unsupported_format: 'file_rejected',
    undecodable: 'file_rejected',
  };
  return new AppError(status[err.code], { details, params: { reason: err.message } });
}

/**
 * Reads a meeting report (pasted text, or a .txt in any supported encoding, or a .docx) into a draft:
 * normalised text, the meeting, its directives and what normalisation changed. Stores nothing.
 */
export function runIntake(actor: Actor, ctx: Ctx, input: Buffer | string, field: IntakeField): IntakeOut {
  requirePermission(actor, 'meeting.manage');
  try {
    const decoded = decodeInput(input);
    if (decoded.text.length > MAX_TEXT_CHARS) {
      throw invalid([{ field, message: `文本过长：会议报道不应超过 ${MAX_TEXT_CHARS} 字` }]);
    }
    const result = intake(decoded.text, { referenceDate: today(ctx) });
    return { ...result, encoding: decoded.encoding, originalText: decoded.text };
  } catch (err) {
    if (err instanceof IntakeError) {
      throw refusal(err, field);
    }
    throw err;
  }
}
