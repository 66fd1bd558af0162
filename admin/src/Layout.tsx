import { useQueryClient } from '@tanstack/react-query';
import { useEffect, type ReactNode } from 'react';
import { Layout as RaLayout, useLocaleState } from 'react-admin';
import { AppMenu } from './customPages';
import { currentLanguage, setCurrentLanguage } from './i18n/language';

// Module state, not a ref: react-admin remounts the layout when the locale changes.
let shownLanguage: string = currentLanguage();

/** Names come from the API in the UI's language: a switch of language reloads what is on screen. */
function LanguageSync() {
  const [locale] = useLocaleState();
  const queryClient = useQueryClient();
  useEffect(() => {
    setCurrentLanguage(locale);
    document.documentElement.lang = locale === 'en' ? 'en' : 'zh-CN';
    if (shownLanguage === locale) return;
    shownLanguage = locale;
    void queryClient.invalidateQueries();
  }, [locale, queryClient]);
  return null;
}

export function Layout({ children }: { children: ReactNode }) {
  return (
    <RaLayout menu={AppMenu}>
      <LanguageSync />
      {children}
    </RaLayout>
  );
}
