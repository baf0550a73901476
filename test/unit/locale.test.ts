import { describe, expect, it } from 'vitest';
import { defaultLocale, isLocale, pickLocale } from '../../src/i18n/locale.js';

describe('pickLocale', () => {
  it('defaults to simplified Chinese', () => {
    expect(defaultLocale).toBe('zh-CN');
  });

  it('picks traditional Chinese for Taiwan, Hong Kong, Macau and the Hant script', () => {
    for (const header of ['zh-TW', 'zh-HK', 'zh-MO', 'zh-Hant', 'zh-Hant-TW', 'zh-hant-hk', 'ZH-TW']) {
      expect(pickLocale(header), header).toBe('zh-TW');
    }
  });

  it('picks simplified Chinese for plain zh, mainland and Singapore Chinese and the Hans script', () => {
    for (const header of ['zh', 'zh-CN', 'zh-SG', 'zh-Hans', 'zh-Hans-CN', 'ZH-cn']) {
      expect(pickLocale(header), header).toBe('zh-CN');
    }
  });

  it('picks English for en and its regional variants', () => {
    for (const header of ['en', 'en-US', 'en-GB', 'EN-au']) {
      expect(pickLocale(header), header).toBe('en');
    }
  });

  it('falls back to simplified Chinese for a missing, empty or unusable header', () => {
    for (const header of [undefined, null, '', '   ', ',,,', ';;', 'fr-FR, de;q=0.9', '*', 'q=1']) {
      expect(pickLocale(header), String(header)).toBe('zh-CN');
    }
  });

  it('takes the first supported language in header order when weights are equal', () => {
    expect(pickLocale('en-US,zh-TW')).toBe('en');
    expect(pickLocale('zh-TW,en-US')).toBe('zh-TW');
    expect(pickLocale('fr, en, zh-TW')).toBe('en');
  });

  it('respects q-weights over header order', () => {
    expect(pickLocale('en;q=0.5, zh-TW;q=0.9')).toBe('zh-TW');
    expect(pickLocale('zh-CN;q=0.3, en-US;q=0.8, zh-TW;q=0.5')).toBe('en');
    expect(pickLocale('fr-FR;q=1, zh-HK;q=0.2, en;q=0.1')).toBe('zh-TW');
  });

  it('treats a language without a q-weight as q=1', () => {
    expect(pickLocale('en;q=0.9, zh-TW')).toBe('zh-TW');
  });

  it('never picks a language weighted q=0', () => {
    expect(pickLocale('en;q=0, zh-TW;q=0.1')).toBe('zh-TW');
    expect(pickLocale('en;q=0')).toBe('zh-CN');
  });

  it('ignores a malformed q-weight as if the language had not been listed', () => {
    expect(pickLocale('en;q=abc, zh-TW;q=0.1')).toBe('zh-TW');
  });

  it('tolerates whitespace around tags and parameters', () => {
    expect(pickLocale('  en-US ; q=0.4 ,  zh-HK ; q=0.6 ')).toBe('zh-TW');
  });

  it('handles a typical browser header', () => {
    expect(pickLocale('zh-TW,zh;q=0.9,en-US;q=0.8,en;q=0.7')).toBe('zh-TW');
    expect(pickLocale('en-US,en;q=0.9,zh-CN;q=0.8')).toBe('en');
  });
});

describe('isLocale', () => {
  it('accepts only the three supported locale codes, exactly spelled', () => {
    expect(isLocale('zh-CN')).toBe(true);
    expect(isLocale('zh-TW')).toBe(true);
    expect(isLocale('en')).toBe(true);
    expect(isLocale('zh-cn')).toBe(false);
    expect(isLocale('en-US')).toBe(false);
    expect(isLocale(undefined)).toBe(false);
    expect(isLocale(42)).toBe(false);
  });
});
