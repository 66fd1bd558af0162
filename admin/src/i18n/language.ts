import type { Language } from '@amity/schema/generated/graphql';

/** The language names are asked in: the UI's locale, read by the data provider for `displayName(lang)`. */
export type Locale = 'zh' | 'en';

const STORE_KEY = 'RaStore.locale';

export function storedLocale(): Locale {
  try {
    const raw = localStorage.getItem(STORE_KEY);
    return raw && JSON.parse(raw) === 'en' ? 'en' : 'zh';
  } catch {
    return 'zh';
  }
}

let language: Locale = storedLocale();

export function currentLanguage(): Language {
  return language;
}

/** The language the API is asked for names in, from the UI's locale. */
export function apiLanguage(locale: string): Locale {
  return locale === 'en' ? 'en' : 'zh';
}

export function setCurrentLanguage(locale: string) {
  language = apiLanguage(locale);
}

/** BCP 47 tag for dates and numbers in the locale's format. */
export function dateLocale(locale: string): string {
  return locale === 'en' ? 'en-GB' : 'zh-CN';
}

/** The same fallback as the API's displayName: the language asked, then Chinese, English, the local name. */
export function pickName(names: { zh?: string | null; en?: string | null; local?: string | null } | null | undefined, locale: string): string {
  if (!names) return '';
  const first = locale === 'en' ? names.en : names.zh;
  return first || names.zh || names.en || names.local || '';
}
