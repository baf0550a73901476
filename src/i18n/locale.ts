export const locales = ['zh-CN', 'zh-TW', 'en'] as const;
export type Locale = (typeof locales)[number];
export const defaultLocale: Locale = 'zh-CN';

/**
 * Picks the response language from an Accept-Language header: traditional Chinese for zh-TW, zh-HK,
 * zh-MO and zh-Hant; English for en; simplified Chinese otherwise (the default).
 */
export function pickLocale(header: string | undefined | null): Locale {
  if (!header) {
    return defaultLocale;
  }
  const ranked = header
    .split(',')
    .map((part, index) => {
      const [tag = '', ...params] = part.trim().split(';');
      const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
      const weight = q ? Number(q.slice(2)) : 1;
      return { tag: tag.toLowerCase(), weight: Number.isFinite(weight) ? weight : 0, index };
    })
    .filter((r) => r.tag && r.weight > 0)
    .sort((a, b) => b.weight - a.weight || a.index - b.index);
  for (const { tag } of ranked) {
    if (/^zh-(tw|hk|mo|hant)/.test(tag)) {
      return 'zh-TW';
    }
    if (tag.startsWith('zh')) {
      return 'zh-CN';
    }
    if (tag.startsWith('en')) {
      return 'en';
    }
  }
  return defaultLocale;
}

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (locales as readonly string[]).includes(value);
}
