/**
 * Errors the intake library throws for input it cannot read at all. Each has a stable snake_case code a
 * caller can branch on and a zh-CN message fit to show an office user as is; input that decodes but holds no
 * meeting is not an error (the result carries a warning instead).
 */
export const intakeErrorMessages = {
  empty_input: '输入为空:没有可识别的文字内容。',
  too_large: '文件过大:会议报道文本不应超过 {limit}。',
  binary_input: '这不是文本文件(看起来是{kind}),请提供 .txt 或 .docx 格式的会议报道。',
  not_docx: '这是一个 ZIP 压缩包,但不是 Word(.docx)文档:缺少 word/document.xml。',
  corrupt_docx: 'Word(.docx)文档已损坏,无法读取:{reason}。',
  unsupported_format: '不支持的文件格式:{kind}。请另存为 .docx 或 .txt 后再导入。',
  undecodable: '无法识别文件的文字编码(已尝试 UTF-8、GB18030/GBK、Big5),内容可能不是文字。',
} as const;

export type IntakeErrorCode = keyof typeof intakeErrorMessages;

/** Input the intake library refuses; `message` is zh-CN, `code` stable. */
export class IntakeError extends Error {
  readonly code: IntakeErrorCode;
  readonly params: Record<string, string>;

  constructor(code: IntakeErrorCode, params: Record<string, string> = {}) {
    super(intakeErrorMessages[code].replace(/\{(\w+)\}/g, (_m, k: string) => params[k] ?? ''));
    this.name = 'IntakeError';
    this.code = code;
    this.params = params;
  }
}
