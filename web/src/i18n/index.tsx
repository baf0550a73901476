import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { setApiLanguage } from '../api/client';
import { zhCN, type MessageKey } from './zh-CN';

export type Lang = 'zh-CN' | 'zh-TW' | 'en';
export const languages: { value: Lang; label: string }[] = [
  { value: 'zh-CN', label: '简体中文' },
  { value: 'zh-TW', label: '繁體中文' },
  { value: 'en', label: 'English' },
];

type Dictionary = Record<MessageKey, string>;
/** Simplified Chinese ships with the first page; the other languages load when chosen. */
const loaders: Record<Lang, () => Promise<Dictionary>> = {
  'zh-CN': () => Promise.resolve(zhCN),
  'zh-TW': () => import('./zh-TW').then((m) => m.zhTW),
  en: () => import('./en').then((m) => m.en),
};
const STORAGE_KEY = 'luoshi.lang';

function initialLang(): Lang {
  const saved = localStorage.getItem(STORAGE_KEY);
  return saved === 'zh-TW' || saved === 'en' || saved === 'zh-CN' ? saved : 'zh-CN';
}

export type Translate = (key: MessageKey, vars?: Record<string, string | number>) => string;

interface I18n {
  lang: Lang;
  setLang: (lang: Lang) => void;
  t: Translate;
}

const I18nContext = createContext<I18n | null>(null);

export function I18nProvider({ children }: { children: ReactNode }) {
  const [lang, setLangState] = useState<Lang>(() => {
    const l = initialLang();
    setApiLanguage(l);
    return l;
  });
  const [dictionary, setDictionary] = useState<Dictionary>(zhCN);
  useEffect(() => {
    let current = true;
    void loaders[lang]().then((d) => current && setDictionary(d));
    return () => {
      current = false;
    };
  }, [lang]);
  const setLang = useCallback((l: Lang) => {
    localStorage.setItem(STORAGE_KEY, l);
    setApiLanguage(l);
    document.documentElement.lang = l;
    setLangState(l);
  }, []);
  const t = useCallback<Translate>(
    (key, vars) => {
      let text: string = dictionary[key] ?? zhCN[key] ?? key;
      if (vars) {
        for (const [k, v] of Object.entries(vars)) {
          text = text.replaceAll(`{${k}}`, String(v));
        }
      }
      return text;
    },
    [dictionary],
  );
  const value = useMemo(() => ({ lang, setLang, t }), [lang, setLang, t]);
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  const ctx = useContext(I18nContext);
  if (!ctx) {
    throw new Error('useI18n outside I18nProvider');
  }
  return ctx;
}

/** A key built from a value the server sends (a state, a health, an action…), typed back to the dictionary. */
export function key(prefix: string, value: string): MessageKey {
  return `${prefix}.${value}` as MessageKey;
}
