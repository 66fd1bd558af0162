import polyglotI18nProvider from 'ra-i18n-polyglot';
import { enMessages } from './en';
import { enumValuesZh, fieldNamesZh, humanize, typeNamesZh } from './labels';
import { setCurrentLanguage, storedLocale } from './language';
import { zhMessages } from './zh';

/**
 * Chinese by default, English on request. Labels of types and fields missing from the messages are derived:
 * from the Chinese tables, else from the schema's own names, so a new type or field is labelled without code.
 */
function plural(name: string): string {
  if (name === 'Person') return 'People';
  if (/[^aeiou]y$/.test(name)) return `${name.slice(0, -1)}ies`;
  return /(s|x|ch|sh)$/.test(name) ? `${name}es` : `${name}s`;
}

function missing(key: string, locale: string, count: number): string {
  if (key.startsWith('ra.')) return key;
  const field = /^resources\.([^.]+)\.fields\.(.+)$/.exec(key);
  if (field) return (locale === 'zh' && fieldNamesZh[field[2]]) || humanize(field[2]);
  const name = /^resources\.([^.]+)\.name$/.exec(key);
  if (name) return (locale === 'zh' && typeNamesZh[name[1]]) || (count === 1 ? name[1] : plural(name[1]));
  const value = /^enums\.[^.]+\.(.+)$/.exec(key);
  if (value) return (locale === 'zh' && enumValuesZh[value[1]]) || value[1].charAt(0) + value[1].slice(1).replace(/_/g, ' ').toLowerCase();
  return key;
}

const base = polyglotI18nProvider((locale) => (locale === 'en' ? enMessages : zhMessages), storedLocale(), [
  { locale: 'zh', name: '中文' },
  { locale: 'en', name: 'English' },
], { allowMissing: true });

export const i18nProvider = {
  ...base,
  translate: (key: string, options?: any) => {
    const { _: fallback, ...rest } = options ?? {};
    const text = base.translate(key, rest);
    if (text !== key) return text;
    const derived = missing(key, base.getLocale(), typeof rest.smart_count === 'number' ? rest.smart_count : 2);
    return derived !== key ? derived : typeof fallback === 'string' ? fallback : key;
  },
  changeLocale: (locale: string, options?: any) => {
    setCurrentLanguage(locale);
    return base.changeLocale(locale, options);
  },
};
