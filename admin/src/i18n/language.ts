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
