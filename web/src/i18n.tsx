/** Page texts: the one catalogue (src/domain/messages/web.ts), Chinese by default, English on request. */
import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from 'react';
import { WEB_MESSAGES } from '../../src/domain/messages/web.js';
import { ApiError } from './api';

export type Lang = 'zh' | 'en';
export type Vars = Record<string, string | number | null | undefined>;
export type T = (key: string, vars?: Vars) => string;

const STORE_KEY = 'fg_lang';

export function translate(lang: Lang, key: string, vars: Vars = {}): string {
  const m = WEB_MESSAGES[key];
  if (!m) return key;
  return m[lang].replace(/\{(\w+)\}/g, (_, k: string) => (vars[k] === undefined || vars[k] === null ? '' : String(vars[k])));
}

/** Whether a key exists (for labels built from server values, e.g. a status the pages do not know yet). */
export const hasKey = (key: string) => key in WEB_MESSAGES;

interface I18n { lang: Lang; setLang: (l: Lang) => void; t: T }
const Ctx = createContext<I18n>({ lang: 'zh', setLang: () => {}, t: (k, v) => translate('zh', k, v) });

export function I18nProvider({ children }: { children: ReactNode }) {
  const [lang, setLangState] = useState<Lang>(() => (localStorage.getItem(STORE_KEY) === 'en' ? 'en' : 'zh'));
  const setLang = useCallback((l: Lang) => {
    localStorage.setItem(STORE_KEY, l);
    setLangState(l);
  }, []);
  const t = useCallback<T>((key, vars) => translate(lang, key, vars), [lang]);
  const value = useMemo(() => ({ lang, setLang, t }), [lang, setLang, t]);
  return <Ctx.Provider value={value}>{children}</Ctx.Provider>;
}

export const useI18n = () => useContext(Ctx);
export const useT = () => useContext(Ctx).t;

/** The text of an error in the page's language (the server's message for an ApiError). */
export function errorText(e: unknown, lang: Lang): string {
  if (e instanceof ApiError) return (lang === 'zh' ? e.message_zh : e.message_en) || e.code;
  if (e instanceof Error) return e.message;
  return String(e);
}
