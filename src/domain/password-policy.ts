/** The password policy: at least 10 characters, three of four character classes, not containing the username. */
export const passwordPolicy = { minLength: 10, maxLength: 256, minClasses: 3 } as const;

export type PasswordProblem = 'too_short' | 'too_long' | 'too_few_classes' | 'contains_username';

const classes: RegExp[] = [/[a-z]/, /[A-Z]/, /[0-9]/, /[^a-zA-Z0-9]/];

export function checkPassword(password: string, username: string): PasswordProblem[] {
  const problems: PasswordProblem[] = [];
  const length = [...password].length;
  if (length < passwordPolicy.minLength) {
    problems.push('too_short');
  }
  if (length > passwordPolicy.maxLength) {
    problems.push('too_long');
  }
  if (classes.filter((re) => re.test(password)).length < passwordPolicy.minClasses) {
    problems.push('too_few_classes');
  }
  const name = username.trim().toLowerCase();
  if (name.length > 0 && password.toLowerCase().includes(name)) {
    problems.push('contains_username');
  }
  return problems;
}

export const passwordProblemText: Record<PasswordProblem, Record<'zh-CN' | 'zh-TW' | 'en', string>> = {
  too_short: { 'zh-CN': '至少 10 个字符', 'zh-TW': '至少 10 個字元', en: 'at least 10 characters' },
  too_long: { 'zh-CN': '不超过 256 个字符', 'zh-TW': '不超過 256 個字元', en: 'at most 256 characters' },
  too_few_classes: {
    'zh-CN': '须包含大写字母、小写字母、数字、符号中的至少三类',
    'zh-TW': '須包含大寫字母、小寫字母、數字、符號中的至少三類',
    en: 'three of: upper-case letters, lower-case letters, digits, symbols',
  },
  contains_username: {
    'zh-CN': '不得包含用户名',
    'zh-TW': '不得包含使用者名稱',
    en: 'must not contain the username',
  },
};
