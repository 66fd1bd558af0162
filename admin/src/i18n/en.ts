import englishMessages from 'ra-language-english';
import type { TranslationMessages } from 'react-admin';
import { graphDashboardEn } from './graphDashboard';
import { mergeMessages } from './merge';

const en = {
  amity: {
    language: 'Language',
    tabs: { summary: 'Summary', relationships: 'Relationships', history: 'History' },
    relationships: { empty: 'No relationships', kind: 'Kind', field: 'Field', direction: 'Direction', role: 'Role', other: 'Linked record', dates: 'Dates', INCOMING: 'to this record', OUTGOING: 'from this record' },
    history: { empty: 'No history', action: 'Action', at: 'When', actor: 'By', changes: 'Changes' },
    conflict: {
      title: 'Save conflict: someone else changed this record',
      intro: 'This record changed after you opened the form. Below is what changed (value when you opened it → value now). What you typed is still in the form.',
      field: 'Field', opened: 'When opened', now: 'Now', yours: 'You typed',
      reload: 'Reload (discard my changes)', overwrite: 'Save anyway (overwrite their changes)', cancel: 'Back to the form', none: '(no field differences found)',
    },
    menu: { other: 'Other types', import: 'Import', embed: 'Embed widgets' },
    pages: { forbidden: 'This page is not open to your role.' },
    search: 'Search names (any script)',
    names: { zh: 'Chinese name', en: 'English name', local: 'Local name', localLang: 'Local language', pinyin: 'Pinyin' },
    fallback_notice: 'This type has no screens of its own: these are built from the schema.',
  },
};

export const enMessages = mergeMessages(mergeMessages(englishMessages, en), graphDashboardEn) as unknown as TranslationMessages;
