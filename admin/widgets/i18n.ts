import { typeNameZh } from '../src/i18n/labels';
import type { DelegationChannel, EventKind, Names, PartnershipLevel, RelationshipKind } from '@amity/schema/generated/graphql';

export type Lang = 'zh' | 'en';

type Text = Record<Lang, string>;

export const TEXT = {
  loading: { zh: '加载中…', en: 'Loading…' },
  unreachable: { zh: '暂时无法连接南昌外事数据中心，请稍后再试。', en: 'The data hub cannot be reached right now. Please try again later.' },
  badKey: { zh: '此组件的密钥在本网站无效。', en: 'This widget’s key does not work on this site.' },
  rateLimited: { zh: '请求过多，请稍后再试。', en: 'Too many requests; please try again shortly.' },
  notFound: { zh: '没有找到公开的记录。', en: 'No public record found.' },
  failed: { zh: '暂时无法显示数据。', en: 'The data cannot be shown right now.' },
  noKey: { zh: '缺少组件密钥（key 属性）。', en: 'The widget needs a key attribute.' },
  sisterCities: { zh: '友好城市', en: 'Sister cities' },
  partners: { zh: '个', en: '' },
  since: { zh: '建立于', en: 'since' },
  delegations: { zh: '批', en: 'delegations' },
  personTimes: { zh: '人次', en: 'person-times' },
  statsTitle: { zh: '年外事接待与出访', en: 'delegations' },
  byChannel: { zh: '按渠道（人次，来访与出访）', en: 'By channel (person-times, in and out)' },
  byMonth: { zh: '按月份（人次）', en: 'By month (person-times)' },
  inbound: { zh: '接待外宾', en: 'Foreign guests received' },
  sisterCityVisitors: { zh: '友城来访', en: 'Sister-city visitors' },
  overseasChinese: { zh: '侨胞及港澳同胞', en: 'Overseas Chinese visitors' },
  outbound: { zh: '因公出访（批准）', en: 'Official trips abroad (approved)' },
  events: { zh: '近期活动', en: 'Upcoming events' },
  noEvents: { zh: '暂无近期活动。', en: 'No upcoming events.' },
  ties: { zh: '关联', en: 'Ties' },
  source: { zh: '数据来源：外事侨务办公室', en: 'Data: Foreign Affairs Office' },
} satisfies Record<string, Text>;

export const LEVELS: Record<PartnershipLevel, Text> = {
  SISTER_CITY: { zh: '友好城市', en: 'Sister city' },
  FRIENDLY_EXCHANGE: { zh: '友好交流城市', en: 'Friendly exchange city' },
  PROSPECT: { zh: '意向友城', en: 'Prospect' },
};

export const CHANNELS: Record<DelegationChannel, Text> = {
  GOVERNMENT_AND_PARTY: { zh: '党政', en: 'Government' },
  SISTER_CITY: { zh: '友城', en: 'Sister city' },
  OVERSEAS_CHINESE: { zh: '侨务港澳', en: 'Overseas Chinese' },
  BUSINESS: { zh: '经贸', en: 'Business' },
  ACADEMIC: { zh: '学术', en: 'Academic' },
  OTHER: { zh: '其他', en: 'Other' },
};

export const EVENT_KINDS: Record<EventKind, Text> = {
  CONFERENCE: { zh: '会议', en: 'Conference' },
  FESTIVAL: { zh: '节庆', en: 'Festival' },
  GAMES: { zh: '赛事', en: 'Games' },
  FAIR: { zh: '博览会', en: 'Fair' },
  CEREMONY: { zh: '仪式', en: 'Ceremony' },
  CAMPAIGN: { zh: '活动', en: 'Campaign' },
  GALA: { zh: '晚会', en: 'Gala' },
  CAMP: { zh: '营', en: 'Camp' },
  TRAINING: { zh: '培训', en: 'Training' },
  OTHER: { zh: '其他', en: 'Other' },
};

/** A record type's name: the admin's catalogue of Chinese names (one for both), in English the type's own name. */
export function typeLabel(type: string, lang: Lang): string {
  return lang === 'zh' ? typeNameZh(type) : type;
}

/** A relationship kind as words: MEMBER_OF → "member of". */
export function kindLabel(kind: RelationshipKind | string | null | undefined, field: string | null | undefined): string {
  // A typed field's edge is named like "partnership.partnerCity": the field says enough.
  const text = kind ?? field?.split('.').pop() ?? '';
  return text.replace(/([a-z])([A-Z])/g, '$1 $2').replace(/_/g, ' ').toLowerCase();
}

/** A name in the language asked for, else Chinese, English, then the local one, as the API's displayName. */
export function nameIn(names: Partial<Names> | null | undefined, lang: Lang): string {
  if (!names) return '';
  return names[lang] || names.zh || names.en || names.local || '';
}

export function t(text: Text, lang: Lang): string {
  return text[lang];
}

const MONTHS_EN = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

export function monthLabel(month: number, lang: Lang): string {
  return lang === 'zh' ? `${month}月` : MONTHS_EN[month - 1] ?? String(month);
}

/** A calendar date (YYYY-MM-DD) as people of the language write it. */
export function dateLabel(date: string | null | undefined, lang: Lang): string {
  if (!date) return '';
  const [year, month, day] = date.split('-').map(Number);
  return lang === 'zh' ? `${year}年${month}月${day}日` : `${day} ${MONTHS_EN[month - 1]} ${year}`;
}
