import { randomBytes, randomInt } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';
import type { Config } from '../../config.js';
import { checkPassword, passwordProblemText } from '../../domain/password-policy.js';
import { AppError } from '../../errors.js';
import type { Locale } from '../../i18n/locale.js';

/** `Algorithm.Argon2id` of @node-rs/argon2 (a const enum, which isolated modules cannot import). */
const ARGON2ID = 2;

export function hashPassword(password: string, cost: Config['argon2']): Promise<string> {
  return hash(password, {
    algorithm: ARGON2ID,
    memoryCost: cost.memoryCost,
    timeCost: cost.timeCost,
    parallelism: 1,
  });
}

export async function verifyPassword(stored: string, password: string): Promise<boolean> {
  try {
    return await verify(stored, password);
  } catch {
    return false;
  }
}

let dummy: Promise<string> | undefined;
/** A hash to verify against when the username is unknown, so that a wrong name costs as long as a wrong password. */
export function dummyHash(cost: Config['argon2']): Promise<string> {
  dummy ??= hashPassword(randomBytes(16).toString('hex'), cost);
  return dummy;
}

/** Throws `password_policy` naming every rule the password breaks. */
export function enforcePolicy(password: string, username: string, field = 'password'): void {
  const problems = checkPassword(password, username);
  if (problems.length > 0) {
    throw new AppError('password_policy', {
      details: problems.map((p) => ({ field, code: p, message: passwordProblemText[p]['zh-CN'] })),
      params: { problems: problems.join(',') },
    });
  }
}

export function policySummary(details: unknown, locale: Locale): string | undefined {
  if (!Array.isArray(details)) {
    return undefined;
  }
  return details
    .map((d: { code?: string; message?: string }) =>
      d.code && d.code in passwordProblemText
        ? passwordProblemText[d.code as keyof typeof passwordProblemText][locale]
        : (d.message ?? ''),
    )
    .join(locale === 'en' ? '; ' : '；');
}

const alphabet = {
  lower: 'abcdefghijkmnpqrstuvwxyz',
  upper: 'ABCDEFGHJKLMNPQRSTUVWXYZ',
  digit: '23456789',
  symbol: '#%+=@^_-',
};

/** A random password that meets the policy, without look-alike characters (0/O, 1/l/I). */
export function generatePassword(length = 16): string {
  const all = Object.values(alphabet).join('');
  const chars = Object.values(alphabet).map((set) => set[randomInt(set.length)]!);
  while (chars.length < length) {
    chars.push(all[randomInt(all.length)]!);
  }
  for (let i = chars.length - 1; i > 0; i--) {
    const j = randomInt(i + 1);
    [chars[i], chars[j]] = [chars[j]!, chars[i]!];
  }
  return chars.join('');
}
