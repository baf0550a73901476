import type { MessageKey } from './zh-CN';
import { zhCN } from './zh-CN';

/** English. Keys not yet translated fall back to simplified Chinese (a test lists them). */
export const en: Record<MessageKey, string> = { ...zhCN };
