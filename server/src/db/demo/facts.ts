/**
 * The named facts of the office's 2011 report (/work/shared/seed/FACTS.md) as data: every city, organisation,
 * person, event, partnership, exchange, delegation, contribution, award, 2012 target and link it names.
 * References are keys (`city:peine`, `organisation:no3-middle-school`); named-records.ts turns them into records.
 */
import { ContributionKind, ContributionStatus } from '../../nodes/contribution/contribution.entity.js';
import { ApprovalStatus, DelegationChannel, DelegationDirection, DelegationPurpose } from '../../nodes/delegation/delegation.entity.js';
import { EventKind } from '../../nodes/event/event.entity.js';
import { ExchangeField, ExchangeStatus } from '../../nodes/exchange/exchange.entity.js';
import { OrganisationKind } from '../../nodes/organisation/organisation.entity.js';
import { PartnershipLevel, PartnershipStatus } from '../../nodes/partnership/partnership.entity.js';
import { PersonCategory } from '../../nodes/person/person.entity.js';
import { RelationshipKind } from '../../nodes/relationship/relationship.entity.js';

export const REPORT_SOURCE = '南昌市外事侨务办公室2011年工作总结和2012年工作打算（2012年2月27日）';
export const SISTER_CITY_LIST_SOURCE = 'Nanchang municipal government, "Nanchang City and Sister Cities Intercommunion" (2009–2010)';
/** Said of every named record whose day the report does not give. */
export const DATE_PLACEHOLDER_NOTE = 'The report gives only the year: the dates are placeholders within 2011.';
export const HEADCOUNT_ESTIMATE_NOTE =
  'The report gives this channel’s total, not each delegation’s size: the headcount is an estimate, and the generated delegations make up the rest of the total.';

export interface NameFact {
  zh: string;
  en: string;
  local?: string;
  localLang?: string;
  aliases?: string[];
  notes?: string;
}

export interface CityFact extends NameFact {
  key: string;
  country: string;
  province?: string;
  latitude: number;
  longitude: number;
  isHomeCity?: boolean;
}

export interface OrganisationFact extends NameFact {
  key: string;
  kind: OrganisationKind;
  city?: string;
  parent?: string;
  website?: string;
}

export interface PersonFact extends NameFact {
  key: string;
  category: PersonCategory;
  nationality?: string;
  title?: string;
  /** Made up (a placeholder for someone the report does not name). */
  generated?: boolean;
}

export interface EventFact extends NameFact {
  key: string;
  kind: EventKind;
  city?: string;
  venue?: string;
  host?: string;
  startDate?: string;
  endDate?: string;
  attendance?: number;
}

export interface PartnershipFact {
  /** The partner city; the home city is Nanchang. */
  partner: string;
  level: PartnershipLevel;
  history: Array<{ status: PartnershipStatus; date: string; level: PartnershipLevel; note?: string }>;
  notes?: string;
}

export interface ExchangeFact extends NameFact {
  key: string;
  field: ExchangeField;
  /** The partner city whose partnership with Nanchang it runs under. */
  partnership?: string;
  participants: Array<{ organisation: string; role: string }>;
  startDate?: string;
  endDate?: string;
  status: ExchangeStatus;
  outcomes?: string;
}

export interface DelegationFact extends NameFact {
  key: string;
  direction: DelegationDirection;
  channel: DelegationChannel;
  purpose: DelegationPurpose;
  originCity?: string;
  originCountry?: string;
  destinationCity?: string;
  destinationCountry?: string;
  sendingOrganisation?: string;
  hostOrganisation?: string;
  leader?: string;
  members?: string[];
  headcount: number;
  startDate: string;
  endDate?: string;
  exchange?: string;
  events?: string[];
  approvalStatus?: ApprovalStatus;
  approvalDate?: string;
  greenChannel?: boolean;
}

export interface ContributionFact extends NameFact {
  key: string;
  kind: ContributionKind;
  /** Node keys, e.g. `organisation:lok-sin-hang-foundation`. */
  donor?: string;
  recipient?: string;
  amount?: number;
  currency?: string;
  inKindDescription?: string;
  quantity?: number;
  beneficiaries?: number;
  status: ContributionStatus;
  date?: string;
  deliveredOn?: string;
}

export interface AwardFact extends NameFact {
  key: string;
  year: number;
  grantedBy?: string;
  recipient: string;
}

export interface TargetFact extends NameFact {
  key: string;
  year: number;
  targetValue: number;
  unit: string;
  /** `{ subject, filter }` over records; `id(key)` gives a demo record's id for filters by id. */
  measure: (id: (key: string) => string) => Record<string, unknown>;
}

export interface RelationshipFact {
  from: string;
  kind: RelationshipKind;
  to: string;
  role?: string;
  startDate?: string;
  source?: string;
  notes?: string;
  generated?: boolean;
}

// ---------------------------------------------------------------------------------------------------------
// Cities: the home cities, the partner cities (names in their own script), and the other cities named.

export const homeCities: CityFact[] = [
  { key: 'nanchang', zh: '南昌', en: 'Nanchang', country: 'CN', province: 'Jiangxi', latitude: 28.682, longitude: 115.858, isHomeCity: true, aliases: ['南昌市', 'Nanchang City', '洪城'] },
  { key: 'anyi', zh: '安义县', en: 'Anyi County', country: 'CN', province: 'Jiangxi', latitude: 28.844, longitude: 115.549, isHomeCity: true, aliases: ['安义'], notes: 'A county of Nanchang; Qiaole Township (乔乐乡), with Qianze and Shihu villages, is part of it.' },
  { key: 'nanchang-county', zh: '南昌县', en: 'Nanchang County', country: 'CN', province: 'Jiangxi', latitude: 28.546, longitude: 115.944, isHomeCity: true, notes: 'A county of Nanchang; Youlan Town (幽兰镇) is part of it.' },
  { key: 'donghu', zh: '东湖区', en: 'Donghu District', country: 'CN', province: 'Jiangxi', latitude: 28.685, longitude: 115.899, isHomeCity: true, aliases: ['东湖'], notes: 'A district of Nanchang; Bayi Park (八一公园) is in it.' },
];

export const partnerCities: CityFact[] = [
  { key: 'skopje', zh: '斯科普里', en: 'Skopje', local: 'Скопје', localLang: 'mk', country: 'MK', latitude: 41.997, longitude: 21.428 },
  { key: 'toluca', zh: '托卢卡', en: 'Toluca', local: 'Toluca de Lerdo', localLang: 'es', country: 'MX', province: 'State of Mexico', latitude: 19.283, longitude: -99.656 },
  { key: 'takamatsu', zh: '高松', en: 'Takamatsu', local: '高松市', localLang: 'ja', country: 'JP', province: 'Kagawa', latitude: 34.343, longitude: 134.047, aliases: ['高松市', 'Takamatsu City'] },
  { key: 'valkeakoski', zh: '瓦尔基考斯基', en: 'Valkeakoski', local: 'Valkeakoski', localLang: 'fi', country: 'FI', province: 'Pirkanmaa', latitude: 61.264, longitude: 24.031, aliases: ['瓦尔济考斯基'], notes: 'The report writes both 瓦尔基考斯基 and 瓦尔济考斯基.' },
  { key: 'toijala', zh: '托伊亚拉', en: 'Toijala', local: 'Toijala', localLang: 'fi', country: 'FI', province: 'Pirkanmaa', latitude: 61.167, longitude: 23.867, notes: 'Toijala merged into the town of Akaa in 2007.' },
  { key: 'dijon', zh: '第戎', en: 'Dijon', local: 'Dijon', localLang: 'fr', country: 'FR', province: 'Côte-d’Or', latitude: 47.322, longitude: 5.041 },
  { key: 'sorocaba', zh: '索罗卡巴', en: 'Sorocaba', local: 'Sorocaba', localLang: 'pt', country: 'BR', province: 'São Paulo', latitude: -23.502, longitude: -47.453 },
  { key: 'naju', zh: '罗州', en: 'Naju', local: '나주', localLang: 'ko', country: 'KR', province: 'South Jeolla', latitude: 35.016, longitude: 126.711, aliases: ['罗州市', '나주시'] },
  { key: 'quilmes', zh: '基尔梅斯', en: 'Quilmes', local: 'Quilmes', localLang: 'es', country: 'AR', province: 'Buenos Aires', latitude: -34.720, longitude: -58.255 },
  { key: 'peine', zh: '派尼地区', en: 'Peine district', local: 'Landkreis Peine', localLang: 'de', country: 'DE', province: 'Lower Saxony', latitude: 52.320, longitude: 10.234, aliases: ['派尼', 'Peine', 'District of Peine'] },
  { key: 'newcastle-za', zh: '纽卡斯尔', en: 'Newcastle', local: 'Newcastle', localLang: 'en', country: 'ZA', province: 'KwaZulu-Natal', latitude: -27.758, longitude: 29.932 },
  { key: 'olympia', zh: '奥林匹亚', en: 'Olympia', local: 'Olympia', localLang: 'en', country: 'US', province: 'Washington', latitude: 47.038, longitude: -122.901 },
  { key: 'kragero', zh: '克拉格勒', en: 'Kragerø', local: 'Kragerø', localLang: 'no', country: 'NO', province: 'Telemark', latitude: 58.869, longitude: 9.415, aliases: ['Kragero', 'Krageroe'] },
  { key: 'albacete', zh: '阿尔巴塞特', en: 'Albacete', local: 'Albacete', localLang: 'es', country: 'ES', province: 'Castilla–La Mancha', latitude: 38.994, longitude: -1.859 },
  { key: 'gwangju', zh: '光州', en: 'Gwangju', local: '광주', localLang: 'ko', country: 'KR', province: 'Gwangju Metropolitan City', latitude: 35.160, longitude: 126.853, aliases: ['光州广域市', 'Gwangju Metropolitan City', '광주광역시'] },
  { key: 'st-charles', zh: '圣查尔斯', en: 'St. Charles', local: 'St. Charles', localLang: 'en', country: 'US', province: 'Missouri', latitude: 38.788, longitude: -90.497, aliases: ['Saint Charles'], notes: 'The report does not say which St. Charles; St. Charles, Missouri is assumed for the map.' },
  { key: 'miskolc', zh: '米什科尔茨', en: 'Miskolc', local: 'Miskolc', localLang: 'hu', country: 'HU', province: 'Borsod-Abaúj-Zemplén', latitude: 48.104, longitude: 20.778 },
];

export const otherCities: CityFact[] = [
  { key: 'zhengzhou', zh: '郑州', en: 'Zhengzhou', country: 'CN', province: 'Henan', latitude: 34.747, longitude: 113.625 },
  { key: 'xianning', zh: '咸宁', en: 'Xianning', country: 'CN', province: 'Hubei', latitude: 29.841, longitude: 114.323 },
  { key: 'chengdu', zh: '成都', en: 'Chengdu', country: 'CN', province: 'Sichuan', latitude: 30.573, longitude: 104.067 },
  { key: 'dalian', zh: '大连', en: 'Dalian', country: 'CN', province: 'Liaoning', latitude: 38.914, longitude: 121.615 },
  { key: 'wuhan', zh: '武汉', en: 'Wuhan', country: 'CN', province: 'Hubei', latitude: 30.593, longitude: 114.306 },
  { key: 'guangzhou', zh: '广州', en: 'Guangzhou', country: 'CN', province: 'Guangdong', latitude: 23.129, longitude: 113.264 },
  { key: 'shanghai', zh: '上海', en: 'Shanghai', country: 'CN', latitude: 31.230, longitude: 121.474 },
  { key: 'hong-kong', zh: '香港', en: 'Hong Kong', local: '香港', localLang: 'zh-Hant-HK', country: 'HK', latitude: 22.319, longitude: 114.169 },
  { key: 'macau', zh: '澳门', en: 'Macau', local: '澳門', localLang: 'zh-Hant-MO', country: 'MO', latitude: 22.199, longitude: 113.544, aliases: ['Macao'] },
  { key: 'niigata', zh: '新泻', en: 'Niigata', local: '新潟市', localLang: 'ja', country: 'JP', province: 'Niigata', latitude: 37.916, longitude: 139.036, aliases: ['新潟'] },
];

// ---------------------------------------------------------------------------------------------------------
// Organisations (parents before their parts).

const visitedOffice = 'Its foreign-affairs office visited this office in 2011 for talks (座谈交流).';

export const organisations: OrganisationFact[] = [
  { key: 'office', zh: '南昌市外事侨务办公室', en: 'Nanchang Foreign Affairs and Overseas Chinese Affairs Office', kind: OrganisationKind.GOVERNMENT, city: 'nanchang', aliases: ['南昌市外侨办', '市外侨办', 'Nanchang FAO'] },
  { key: 'municipal-government', zh: '南昌市人民政府', en: 'Nanchang Municipal People’s Government', kind: OrganisationKind.GOVERNMENT, city: 'nanchang', aliases: ['南昌市政府', '市政府'], notes: 'With the municipal Party committee (市委) it grants the city’s awards.' },
  { key: 'jiangxi-fao', zh: '江西省外事侨务办公室', en: 'Jiangxi Provincial Foreign Affairs and Overseas Chinese Affairs Office', kind: OrganisationKind.GOVERNMENT, city: 'nanchang', aliases: ['江西省外侨办', '省外侨办'] },
  { key: 'cpaffc', zh: '中国人民对外友好协会', en: 'Chinese People’s Association for Friendship with Foreign Countries', kind: OrganisationKind.ASSOCIATION, aliases: ['全国对外友协', 'CPAFFC'], website: 'https://www.cpaffc.org.cn' },
  { key: 'ocao-state-council', zh: '国务院侨务办公室', en: 'Overseas Chinese Affairs Office of the State Council', kind: OrganisationKind.GOVERNMENT, aliases: ['国务院侨办', '国侨办'] },
  { key: 'no3-middle-school', zh: '南昌三中', en: 'Nanchang No. 3 Middle School', kind: OrganisationKind.SCHOOL, city: 'nanchang', aliases: ['南昌市第三中学', 'Nanchang No.3 Middle School'], notes: 'After its visit to Peine it qualified for the Communist Youth League’s “China-EU Friendship Partners” programme.' },
  { key: 'nanchang-university', zh: '南昌大学', en: 'Nanchang University', kind: OrganisationKind.UNIVERSITY, city: 'nanchang' },
  { key: 'ncu-arts-college', zh: '南昌大学艺术学院', en: 'Nanchang University Arts College', kind: OrganisationKind.UNIVERSITY, city: 'nanchang', parent: 'nanchang-university' },
  { key: 'peine-music-school', zh: '派尼地区音乐学校', en: 'Peine district music school', local: 'Kreismusikschule Peine', localLang: 'de', kind: OrganisationKind.SCHOOL, city: 'peine' },
  {
    key: 'takamatsu-middle-schools', zh: '高松市立中学', en: 'Takamatsu municipal middle schools', local: '高松市立中学校', localLang: 'ja',
    kind: OrganisationKind.SCHOOL, city: 'takamatsu',
    notes: 'The report names no single school: this record stands for the Takamatsu middle schools whose pupils make up the yearly student delegations.',
  },
  { key: 'anabuki-gakuen', zh: '穴吹学园', en: 'Anabuki Gakuen', local: '穴吹学園', localLang: 'ja', kind: OrganisationKind.SCHOOL, city: 'takamatsu', notes: 'A group of vocational schools based in Takamatsu.' },
  { key: 'jxstnu', zh: '江西科技师范学院', en: 'Jiangxi Science and Technology Normal University', kind: OrganisationKind.UNIVERSITY, city: 'nanchang', aliases: ['江西科技师范大学'], notes: 'Called 江西科技师范学院 in 2011; now 江西科技师范大学.' },
  { key: 'sino-japanese-friendship-hall', zh: '中日友好会馆', en: 'Sino-Japanese Friendship Hall', kind: OrganisationKind.OTHER, city: 'nanchang' },
  { key: 'takamatsu-rotary', zh: '高松扶轮社', en: 'Takamatsu Rotary Club', local: '高松ロータリークラブ', localLang: 'ja', kind: OrganisationKind.CLUB, city: 'takamatsu', aliases: ['高松ROTARY CLUB', '日本高松扶轮社'] },
  { key: 'qianze-primary-school', zh: '安义县前泽村小学', en: 'Qianze Village Primary School, Anyi County', kind: OrganisationKind.SCHOOL, city: 'anyi', aliases: ['前泽小学', '前泽村前泽小学', 'Qianze Primary School'], notes: 'In Qianze Village, Qiaole Township (乔乐乡), Anyi County.' },
  { key: 'jiiec', zh: '日本国际经济交流协同组合', en: 'Japan International Economic Exchange Cooperative', kind: OrganisationKind.COOPERATIVE, notes: 'Selected agricultural trainees in Nanchang in 2011.' },
  { key: 'jibrc', zh: '日本国际事业研究协同组合', en: 'Japan International Business Research Cooperative', kind: OrganisationKind.COOPERATIVE, notes: 'Selected agricultural trainees in Nanchang in 2011.' },
  { key: 'nanchang-oc-chamber', zh: '南昌侨商国际联合会', en: 'Nanchang Overseas Chinese Chamber of Commerce', kind: OrganisationKind.ASSOCIATION, city: 'nanchang', aliases: ['南昌侨商会'] },
  { key: 'shanghai-oc-chamber', zh: '上海侨商会', en: 'Shanghai Overseas Chinese Chamber of Commerce', kind: OrganisationKind.ASSOCIATION, city: 'shanghai' },
  { key: 'jiangxi-xiejin-association', zh: '江西协进会', en: 'Jiangxi Association (Xiejinhui)', kind: OrganisationKind.ASSOCIATION },
  { key: 'lude-industrial', zh: '江西露德实业有限公司', en: 'Jiangxi Lude Industrial Co., Ltd.', kind: OrganisationKind.COMPANY, aliases: ['露德实业'] },
  { key: 'france-china-business-association', zh: '法国法中商贸会', en: 'France-China Business Association', kind: OrganisationKind.ASSOCIATION },
  { key: 'ruibo-technology', zh: '南昌瑞博科技有限公司', en: 'Nanchang Ruibo Technology Co., Ltd.', kind: OrganisationKind.COMPANY, city: 'nanchang', aliases: ['瑞博科技'] },
  { key: 'lok-sin-hang-foundation', zh: '香港乐善行基金会', en: 'Hong Kong Lok Sin Hang Foundation', local: '樂善行基金會', localLang: 'zh-Hant-HK', kind: OrganisationKind.FOUNDATION, city: 'hong-kong', aliases: ['乐善行', '香港乐善行'] },
  { key: 'amitabha-aid-centre', zh: '马来西亚阿弥陀佛援助中心', en: 'Malaysia Amitabha Aid Centre', kind: OrganisationKind.FOUNDATION, notes: 'In Malaysia.' },
  { key: 'macao-daily', zh: '澳门日报', en: 'Macao Daily', local: '澳門日報', localLang: 'zh-Hant-MO', kind: OrganisationKind.MEDIA, city: 'macau' },
  { key: 'macao-foundation', zh: '澳门基金会', en: 'Macao Foundation', local: '澳門基金會', localLang: 'zh-Hant-MO', kind: OrganisationKind.FOUNDATION, city: 'macau' },
  { key: 'nanchang-vocational-college', zh: '南昌职业学院', en: 'Nanchang Vocational College', kind: OrganisationKind.UNIVERSITY, city: 'nanchang' },
  { key: 'guangzhou-ocao', zh: '广州市侨办', en: 'Guangzhou Overseas Chinese Affairs Office', kind: OrganisationKind.GOVERNMENT, city: 'guangzhou', aliases: ['广州市人民政府侨务办公室'] },
  { key: 'luoshe-primary-school', zh: '罗舍小学', en: 'Luoshe Primary School', kind: OrganisationKind.SCHOOL, city: 'nanchang-county', aliases: ['幽兰镇罗舍小学', '罗舍希望小学'], notes: 'In Youlan Town (幽兰镇), Nanchang County; a Hope Project school funded by the Lok Sin Hang Foundation.' },
  { key: 'shihu-village-clinic', zh: '石湖村卫生站', en: 'Shihu Village clinic', kind: OrganisationKind.OTHER, city: 'anyi', notes: 'In Shihu Village, Qiaole Township (乔乐乡), Anyi County.' },
  { key: 'guangming-school', zh: '东湖区光明学校', en: 'Donghu District Guangming School', kind: OrganisationKind.SCHOOL, city: 'donghu', aliases: ['光明学校'] },
  { key: 'foreign-trade-commission', zh: '南昌市对外贸易经济合作委员会', en: 'Nanchang Foreign Trade and Economic Cooperation Commission', kind: OrganisationKind.GOVERNMENT, city: 'nanchang', parent: 'municipal-government', aliases: ['市外经贸委', '南昌市外经贸委'] },
  { key: 'development-reform-commission', zh: '南昌市发展和改革委员会', en: 'Nanchang Development and Reform Commission', kind: OrganisationKind.GOVERNMENT, city: 'nanchang', parent: 'municipal-government', aliases: ['市发改委', '南昌市发改委'] },
  { key: 'high-tech-zone', zh: '南昌高新技术产业开发区', en: 'Nanchang High-tech Zone', kind: OrganisationKind.GOVERNMENT, city: 'nanchang', aliases: ['南昌高新区', '高新区'] },
  { key: 'economic-development-zone', zh: '南昌经济技术开发区', en: 'Nanchang Economic Development Zone', kind: OrganisationKind.GOVERNMENT, city: 'nanchang', aliases: ['经开区', '南昌经开区'] },
  { key: 'sanghai-development-zone', zh: '桑海经济技术开发区', en: 'Sanghai Development Zone', kind: OrganisationKind.GOVERNMENT, city: 'nanchang', aliases: ['桑海开发区'] },
  { key: 'zhengzhou-fao', zh: '郑州市外侨办', en: 'Zhengzhou Foreign and Overseas Chinese Affairs Office', kind: OrganisationKind.GOVERNMENT, city: 'zhengzhou', notes: visitedOffice },
  { key: 'xianning-fao', zh: '咸宁市外侨办', en: 'Xianning Foreign and Overseas Chinese Affairs Office', kind: OrganisationKind.GOVERNMENT, city: 'xianning', notes: visitedOffice },
  { key: 'chengdu-fao', zh: '成都市外侨办', en: 'Chengdu Foreign and Overseas Chinese Affairs Office', kind: OrganisationKind.GOVERNMENT, city: 'chengdu', notes: visitedOffice },
  { key: 'dalian-fao', zh: '大连市外侨办', en: 'Dalian Foreign and Overseas Chinese Affairs Office', kind: OrganisationKind.GOVERNMENT, city: 'dalian', notes: visitedOffice },
];

// ---------------------------------------------------------------------------------------------------------
// People. The report names five; the Nanchang No. 3 Middle School delegation's members are placeholders.

export const people: PersonFact[] = [
  { key: 'pu-jian', zh: '濮键', en: 'Pu Jian', category: PersonCategory.OVERSEAS_CHINESE, title: 'Vice-president, Jiangxi Association (江西协进会副会长); executive director, Shanghai Overseas Chinese Chamber of Commerce (上海侨商会常务理事)', notes: 'Invested RMB 1,000,000 in a biomedicine production base in the Sanghai Development Zone (2011).' },
  { key: 'lou-daming', zh: '楼大明', en: 'Lou Daming', category: PersonCategory.OVERSEAS_CHINESE, title: 'President, France-China Business Association (法国法中商贸会会长); chairman, Jiangxi Lude Industrial Co. (江西露德实业有限公司董事长)', notes: 'Led the overseas Chinese “Jiangxi tour” inspection delegation of 2011.' },
  { key: 'luo-tailai', zh: '罗泰来', en: 'Luo Tailai', category: PersonCategory.OVERSEAS_CHINESE, nationality: 'US', title: 'Chinese American investor (美籍华人)', notes: 'The office helped him with problems of investing and operating in Nanchang (2011).' },
  { key: 'zhou-dongyong', zh: '周东永', en: 'Zhou Dongyong', category: PersonCategory.OVERSEAS_CHINESE, title: 'Chinese Italian businessman (意大利华商)', notes: 'The office helped him with problems of investing and operating in Nanchang (2011).' },
  { key: 'cai-hu', zh: '蔡琥', en: 'Dr Cai Hu', category: PersonCategory.OVERSEAS_CHINESE, title: 'Founder, Nanchang Ruibo Technology Co. (南昌瑞博科技有限公司创始人)', aliases: ['Cai Hu', '蔡琥博士'], notes: 'With the office’s help won funding as a national “key overseas Chinese entrepreneurial team” (国侨办“重点华侨华人创业团队”).' },
  { key: 'no3-delegation-leader', zh: '南昌三中赴派尼代表团团长（示例）', en: 'Leader of the Nanchang No. 3 Middle School delegation to Peine (placeholder)', category: PersonCategory.OTHER, title: 'School leader leading the delegation (带队校领导)', generated: true, notes: 'A placeholder: the report names no member of this delegation.' },
  { key: 'no3-delegation-teacher', zh: '南昌三中带队教师（示例）', en: 'Accompanying teacher, Nanchang No. 3 Middle School (placeholder)', category: PersonCategory.OTHER, title: 'Teacher (带队教师)', generated: true, notes: 'A placeholder: the report names no member of this delegation.' },
  { key: 'no3-delegation-student', zh: '南昌三中学生代表（示例）', en: 'Student representative, Nanchang No. 3 Middle School (placeholder)', category: PersonCategory.OTHER, title: 'Student (学生代表)', generated: true, notes: 'A placeholder: the report names no member of this delegation.' },
];

// ---------------------------------------------------------------------------------------------------------
// Events.

const inviteNote = 'The office invited and received the foreign guests.';
const datesUnknown = 'Held in 2011; the report gives no dates.';

export const events: EventFact[] = [
  { key: 'city-games', zh: '第七届全国城市运动会', en: '7th National City Games', kind: EventKind.GAMES, city: 'nanchang', startDate: '2011-10-16', endDate: '2011-10-25', aliases: ['七城会', '城运会', '7th City Games'], notes: inviteNote },
  { key: 'military-music-festival', zh: '第四届中国南昌国际军乐节', en: '4th China (Nanchang) International Military Music Festival', kind: EventKind.FESTIVAL, city: 'nanchang', aliases: ['军乐节', '第四届军乐节'], notes: `${inviteNote} ${datesUnknown}` },
  { key: 'low-carbon-conference', zh: '第二届世界低碳与生态经济大会暨技术博览会', en: '2nd World Low Carbon and Ecological Economy Conference and Technology Expo', kind: EventKind.CONFERENCE, city: 'nanchang', aliases: ['第二届低碳大会', '低碳大会'], notes: `${inviteNote} ${datesUnknown}` },
  { key: 'friendship-cities-conference', zh: '江西省第二届国际友好城市大会', en: '2nd Jiangxi International Friendship Cities Conference', kind: EventKind.CONFERENCE, city: 'nanchang', host: 'jiangxi-fao', notes: `Government delegations of Valkeakoski, Kragerø, Naju and Albacete attended at the office’s invitation. ${datesUnknown}` },
  { key: 'overseas-chinese-law-campaign', zh: '南昌市纪念《侨法》颁布实施20周年大型宣传活动暨东湖区侨法知识竞赛', en: 'Overseas Chinese Law 20th-anniversary campaign and Donghu District knowledge contest', kind: EventKind.CAMPAIGN, city: 'donghu', venue: '八一公园鸽园广场 (Pigeon Garden Square, Bayi Park)', host: 'office', attendance: 300, aliases: ['侨法宣传活动', '侨法知识竞赛'], notes: `300 and more took part; more than 1,000 leaflets and quiz sheets were handed out. ${datesUnknown}` },
  { key: 'returned-oc-gala', zh: '归侨侨眷联欢会', en: 'Gala for returned overseas Chinese and their relatives', kind: EventKind.GALA, city: 'nanchang', host: 'office', notes: datesUnknown },
  { key: 'see-nanchang-tour', zh: '归侨侨眷看南昌', en: '“See Nanchang” tour for returned overseas Chinese and their relatives', kind: EventKind.OTHER, city: 'nanchang', host: 'office', notes: datesUnknown },
  { key: 'macau-student-gala', zh: '2011南昌—澳门学生联欢会', en: '2011 Nanchang–Macau Student Gala', kind: EventKind.GALA, city: 'nanchang', host: 'office', aliases: ['南昌澳门学生联欢会'], notes: `Held with Nanchang Vocational College, Macao Daily, the Macao Foundation and the Guangzhou Overseas Chinese Affairs Office. ${datesUnknown}` },
  { key: 'wuhan-oc-fair', zh: '2011年华侨华人创业发展洽谈会', en: '2011 Overseas Chinese Entrepreneurship and Development Fair', kind: EventKind.FAIR, city: 'wuhan', aliases: ['华创会'], notes: `The office took companies of the Nanchang Overseas Chinese Chamber of Commerce. ${datesUnknown}` },
  { key: 'niigata-trade-fair', zh: '2011年新泻国际经贸展', en: '2011 Niigata International Trade Fair', kind: EventKind.FAIR, city: 'niigata', notes: `The office took companies of the Nanchang Overseas Chinese Chamber of Commerce. ${datesUnknown}` },
  { key: 'lou-daming-project-meeting', zh: '海外侨胞江西行考察团专场项目推介会', en: 'Project promotion meeting for the overseas Chinese “Jiangxi tour” delegation', kind: EventKind.FAIR, city: 'nanchang', host: 'office', notes: 'Held with the Foreign Trade and Economic Cooperation Commission and the Nanchang High-tech Zone.' },
];

// ---------------------------------------------------------------------------------------------------------
// Partnerships of Nanchang: the 12 sister cities in 11 countries, 3 friendly-exchange relations, 2 prospects.

const signed = (date: string, note?: string) => [{ status: PartnershipStatus.AGREEMENT_SIGNED, date, level: PartnershipLevel.SISTER_CITY, ...(note ? { note } : {}) }];
const inPlaceBy2011 = 'In place in 2011 (the report’s first paragraph); when it began is not stated, so the first day of 2011 stands for it.';
const contactOpened2011 = 'Contact opened in 2011; the month is not stated.';

export const partnerships: PartnershipFact[] = [
  { partner: 'skopje', level: PartnershipLevel.SISTER_CITY, history: signed('1984-03-01') },
  { partner: 'toluca', level: PartnershipLevel.SISTER_CITY, history: signed('1988-08-01') },
  { partner: 'takamatsu', level: PartnershipLevel.SISTER_CITY, history: signed('1990-09-01') },
  { partner: 'valkeakoski', level: PartnershipLevel.SISTER_CITY, history: signed('1997-11-01') },
  { partner: 'toijala', level: PartnershipLevel.SISTER_CITY, history: signed('1997-11-01') },
  { partner: 'dijon', level: PartnershipLevel.SISTER_CITY, history: signed('2006-10-01') },
  { partner: 'sorocaba', level: PartnershipLevel.SISTER_CITY, history: signed('2007-08-01') },
  { partner: 'naju', level: PartnershipLevel.SISTER_CITY, history: signed('2007-09-01') },
  { partner: 'quilmes', level: PartnershipLevel.SISTER_CITY, history: signed('2008-09-01') },
  { partner: 'peine', level: PartnershipLevel.SISTER_CITY, history: signed('2009-06-01') },
  {
    partner: 'newcastle-za',
    level: PartnershipLevel.SISTER_CITY,
    history: signed('2010-01-01', 'Signed in 2009 or 2010; the month was not recovered'),
    notes: 'The city’s list gives 2009 or 2010 and no month for the agreement: 2010-01-01 is a placeholder.',
  },
  {
    partner: 'olympia',
    level: PartnershipLevel.SISTER_CITY,
    history: signed('2010-08-01', 'Most likely August 2010'),
    notes: 'The city’s published table is garbled at this row: August 2010 is the most likely reading.',
  },
  { partner: 'kragero', level: PartnershipLevel.FRIENDLY_EXCHANGE, history: [{ status: PartnershipStatus.CONTACT_OPENED, date: '2011-01-01', level: PartnershipLevel.FRIENDLY_EXCHANGE, note: inPlaceBy2011 }], notes: 'The report once calls Kragerø a friendship city, loosely; its first paragraph makes it a friendly-exchange relation.' },
  { partner: 'albacete', level: PartnershipLevel.FRIENDLY_EXCHANGE, history: [{ status: PartnershipStatus.CONTACT_OPENED, date: '2011-01-01', level: PartnershipLevel.FRIENDLY_EXCHANGE, note: inPlaceBy2011 }], notes: 'The report once calls Albacete a friendship city, loosely; its first paragraph makes it a friendly-exchange relation.' },
  { partner: 'gwangju', level: PartnershipLevel.FRIENDLY_EXCHANGE, history: [{ status: PartnershipStatus.CONTACT_OPENED, date: '2011-01-01', level: PartnershipLevel.FRIENDLY_EXCHANGE, note: inPlaceBy2011 }] },
  { partner: 'st-charles', level: PartnershipLevel.PROSPECT, history: [{ status: PartnershipStatus.CONTACT_OPENED, date: '2011-01-01', level: PartnershipLevel.PROSPECT, note: contactOpened2011 }] },
  { partner: 'miskolc', level: PartnershipLevel.PROSPECT, history: [{ status: PartnershipStatus.CONTACT_OPENED, date: '2011-01-01', level: PartnershipLevel.PROSPECT, note: contactOpened2011 }] },
];

// ---------------------------------------------------------------------------------------------------------
// Exchange programmes.

export const exchanges: ExchangeFact[] = [
  {
    key: 'no3-peine-school-exchange', zh: '南昌三中与德国派尼地区中学生交流', en: 'Nanchang No. 3 Middle School – Peine district school exchange',
    field: ExchangeField.EDUCATION, partnership: 'peine', status: ExchangeStatus.ACTIVE, startDate: '2011-01-01',
    participants: [{ organisation: 'no3-middle-school', role: 'Nanchang school: sent a delegation to Peine' }],
    outcomes: 'Qualified for the Communist Youth League’s “China-EU Friendship Partners” programme (团中央“中欧友好伙伴”项目申报资格).',
  },
  {
    key: 'peine-music-school-link', zh: '派尼地区音乐学校与南昌大学艺术学院交流', en: 'Peine district music school – Nanchang University Arts College link',
    field: ExchangeField.CULTURE, partnership: 'peine', status: ExchangeStatus.ACTIVE,
    participants: [{ organisation: 'peine-music-school', role: 'partner school in Peine' }, { organisation: 'ncu-arts-college', role: 'partner college in Nanchang' }],
    outcomes: 'Linked through the office’s introduction in 2011; friendly exchanges begun.',
  },
  {
    key: 'peine-water-management', zh: '派尼地区污水处理与水务管理考察及鄱阳湖水务项目商谈', en: 'Peine district: sewage treatment and water management, and talks on a Poyang Lake water project',
    field: ExchangeField.ENVIRONMENT, partnership: 'peine', status: ExchangeStatus.ACTIVE,
    participants: [{ organisation: 'office', role: 'arranged the visit' }],
  },
  {
    key: 'anabuki-jxstnu-link', zh: '日本穴吹学园与江西科技师范学院交流', en: 'Anabuki Gakuen – Jiangxi Science and Technology Normal University link',
    field: ExchangeField.EDUCATION, partnership: 'takamatsu', status: ExchangeStatus.ACTIVE,
    participants: [{ organisation: 'anabuki-gakuen', role: 'partner school in Takamatsu' }, { organisation: 'jxstnu', role: 'partner university in Nanchang' }],
    outcomes: 'Linked through the office’s introduction in 2011; friendly exchanges begun.',
  },
  {
    key: 'takamatsu-japanese-teachers', zh: '高松市向中日友好会馆选派日语教师', en: 'Japanese-language teachers from Takamatsu at the Sino-Japanese Friendship Hall',
    field: ExchangeField.EDUCATION, partnership: 'takamatsu', status: ExchangeStatus.ACTIVE,
    participants: [{ organisation: 'sino-japanese-friendship-hall', role: 'host of the teachers' }],
    outcomes: 'Takamatsu sent 4 Japanese-language teachers in 2011.',
  },
  {
    key: 'takamatsu-student-visits', zh: '日本高松市中学生访问团', en: 'Takamatsu middle-school student delegations',
    field: ExchangeField.YOUTH, partnership: 'takamatsu', status: ExchangeStatus.ACTIVE,
    participants: [{ organisation: 'takamatsu-middle-schools', role: 'sends the yearly student delegation' }],
    outcomes: 'The 18th delegation visited Nanchang in 2011.',
  },
  {
    key: 'gwangju-student-visits', zh: '韩国光州广域市高中生代表团', en: 'Gwangju high-school student delegations',
    field: ExchangeField.YOUTH, partnership: 'gwangju', status: ExchangeStatus.ACTIVE, participants: [],
    outcomes: 'The 3rd delegation visited Nanchang in 2011.',
  },
  {
    key: 'valkeakoski-skilled-workers', zh: '芬兰瓦尔基考斯基市招收南昌技术工人项目', en: 'Recruiting Nanchang skilled workers for Valkeakoski',
    field: ExchangeField.ECONOMY, partnership: 'valkeakoski', status: ExchangeStatus.PLANNED, participants: [],
    outcomes: 'Feasibility talks held in 2011.',
  },
  {
    key: 'albacete-trade', zh: '西班牙阿尔巴塞特市商贸合作', en: 'Albacete trade cooperation',
    field: ExchangeField.ECONOMY, partnership: 'albacete', status: ExchangeStatus.ACTIVE, participants: [],
    outcomes: 'A business delegation discussed trade with Nanchang firms in 2011.',
  },
  {
    key: 'japan-agricultural-trainees', zh: '赴日本农业技能实习生项目', en: 'Agricultural trainees for Japan',
    field: ExchangeField.AGRICULTURE, status: ExchangeStatus.ACTIVE,
    participants: [{ organisation: 'jiiec', role: 'selected trainees' }, { organisation: 'jibrc', role: 'selected trainees' }],
    outcomes: 'More than 20 agricultural trainees selected in Nanchang in 2011 for training in Japan.',
  },
];

// ---------------------------------------------------------------------------------------------------------
// Named delegations of 2011. Their headcounts are estimates (the report gives totals by channel only).

const conferenceDelegation = (key: string, city: string, country: string, zh: string, en: string, headcount: number, exchange?: string): DelegationFact => ({
  key, zh, en, direction: DelegationDirection.INBOUND, channel: DelegationChannel.SISTER_CITY, purpose: DelegationPurpose.CONFERENCE,
  originCity: city, originCountry: country, hostOrganisation: 'office', headcount, startDate: '2011-10-18', endDate: '2011-10-21',
  events: ['friendship-cities-conference'], exchange,
  notes: `Came to the 2nd Jiangxi International Friendship Cities Conference at the office’s invitation. ${HEADCOUNT_ESTIMATE_NOTE} ${DATE_PLACEHOLDER_NOTE}`,
});

export const delegations: DelegationFact[] = [
  {
    key: 'uk-trade-investment', zh: '英国访赣贸易投资代表团', en: 'UK Jiangxi trade and investment delegation',
    direction: DelegationDirection.INBOUND, channel: DelegationChannel.GOVERNMENT_AND_PARTY, purpose: DelegationPurpose.TRADE_AND_INVESTMENT,
    originCountry: 'GB', hostOrganisation: 'office', headcount: 15, startDate: '2011-05-17', endDate: '2011-05-19',
    notes: `${HEADCOUNT_ESTIMATE_NOTE} ${DATE_PLACEHOLDER_NOTE}`,
  },
  {
    key: 'consuls-general-jiangxi-tour', zh: '加拿大等六国驻华总领事“江西行”代表团', en: 'Consuls-general of Canada and five other countries: “Jiangxi tour” delegation',
    direction: DelegationDirection.INBOUND, channel: DelegationChannel.GOVERNMENT_AND_PARTY, purpose: DelegationPurpose.OFFICIAL_VISIT,
    originCountry: 'CA', hostOrganisation: 'office', headcount: 12, startDate: '2011-09-20', endDate: '2011-09-22',
    notes: `Canada and five other countries the report does not name. ${HEADCOUNT_ESTIMATE_NOTE} ${DATE_PLACEHOLDER_NOTE}`,
  },
  conferenceDelegation('kragero-government', 'kragero', 'NO', '挪威克拉格勒市政府代表团', 'Kragerø government delegation', 4),
  conferenceDelegation('albacete-government', 'albacete', 'ES', '西班牙阿尔巴塞特市政府代表团', 'Albacete government delegation', 4),
  conferenceDelegation('valkeakoski-government', 'valkeakoski', 'FI', '芬兰瓦尔基考斯基市政府代表团', 'Valkeakoski government delegation', 5, 'valkeakoski-skilled-workers'),
  conferenceDelegation('naju-government', 'naju', 'KR', '韩国罗州市政府代表团', 'Naju government delegation', 5),
  {
    key: 'gwangju-students-3', zh: '韩国光州广域市第3批高中生代表团', en: 'Gwangju Metropolitan City 3rd high-school student delegation',
    direction: DelegationDirection.INBOUND, channel: DelegationChannel.SISTER_CITY, purpose: DelegationPurpose.EDUCATION,
    originCity: 'gwangju', originCountry: 'KR', hostOrganisation: 'office', headcount: 20, startDate: '2011-07-25', endDate: '2011-07-29',
    exchange: 'gwangju-student-visits', notes: `${HEADCOUNT_ESTIMATE_NOTE} ${DATE_PLACEHOLDER_NOTE}`,
  },
  {
    key: 'takamatsu-students-18', zh: '日本高松市第18批中学生访问团', en: 'Takamatsu 18th middle-school student delegation',
    direction: DelegationDirection.INBOUND, channel: DelegationChannel.SISTER_CITY, purpose: DelegationPurpose.EDUCATION,
    originCity: 'takamatsu', originCountry: 'JP', sendingOrganisation: 'takamatsu-middle-schools', hostOrganisation: 'office',
    headcount: 25, startDate: '2011-08-08', endDate: '2011-08-12', exchange: 'takamatsu-student-visits', notes: `${HEADCOUNT_ESTIMATE_NOTE} ${DATE_PLACEHOLDER_NOTE}`,
  },
  {
    key: 'peine-water-delegation', zh: '德国派尼地区代表团', en: 'Peine district delegation (sewage treatment and water management)',
    direction: DelegationDirection.INBOUND, channel: DelegationChannel.SISTER_CITY, purpose: DelegationPurpose.STUDY,
    originCity: 'peine', originCountry: 'DE', hostOrganisation: 'office', headcount: 6, startDate: '2011-04-12', endDate: '2011-04-15',
    exchange: 'peine-water-management',
    notes: `Studied Nanchang’s sewage treatment and water management and discussed cooperation on a Poyang Lake water project. ${HEADCOUNT_ESTIMATE_NOTE} ${DATE_PLACEHOLDER_NOTE}`,
  },
  {
    key: 'albacete-business', zh: '西班牙阿尔巴塞特市商务代表团', en: 'Albacete business delegation',
    direction: DelegationDirection.INBOUND, channel: DelegationChannel.SISTER_CITY, purpose: DelegationPurpose.TRADE_AND_INVESTMENT,
    originCity: 'albacete', originCountry: 'ES', hostOrganisation: 'office', headcount: 5, startDate: '2011-11-08', endDate: '2011-11-10',
    exchange: 'albacete-trade', notes: `Discussed trade with Nanchang firms. ${HEADCOUNT_ESTIMATE_NOTE} ${DATE_PLACEHOLDER_NOTE}`,
  },
  {
    key: 'lou-daming-jiangxi-tour', zh: '海外侨胞江西行考察团', en: 'Overseas Chinese “Jiangxi tour” inspection delegation',
    direction: DelegationDirection.INBOUND, channel: DelegationChannel.OVERSEAS_CHINESE, purpose: DelegationPurpose.TRADE_AND_INVESTMENT,
    hostOrganisation: 'office', leader: 'lou-daming', members: ['lou-daming'], headcount: 20, startDate: '2011-09-06', endDate: '2011-09-09',
    events: ['lou-daming-project-meeting'],
    notes: `Led by Lou Daming; a project promotion meeting was held for it. ${HEADCOUNT_ESTIMATE_NOTE} ${DATE_PLACEHOLDER_NOTE}`,
  },
  {
    key: 'ftc-hong-kong', zh: '市外经贸委赴香港招商团组', en: 'Foreign Trade Commission investment-promotion group to Hong Kong',
    direction: DelegationDirection.OUTBOUND, channel: DelegationChannel.BUSINESS, purpose: DelegationPurpose.TRADE_AND_INVESTMENT,
    originCity: 'nanchang', originCountry: 'CN', destinationCity: 'hong-kong', destinationCountry: 'HK', sendingOrganisation: 'foreign-trade-commission',
    headcount: 6, startDate: '2011-03-15', endDate: '2011-03-19', approvalStatus: ApprovalStatus.APPROVED, approvalDate: '2011-03-08', greenChannel: true,
    notes: `Given the green channel (特事特办，急事急办) as an investment-promotion trip. ${HEADCOUNT_ESTIMATE_NOTE} ${DATE_PLACEHOLDER_NOTE}`,
  },
  {
    key: 'edz-germany', zh: '经开区赴德国项目洽谈团组', en: 'Economic Development Zone project-negotiation group to Germany',
    direction: DelegationDirection.OUTBOUND, channel: DelegationChannel.BUSINESS, purpose: DelegationPurpose.TRADE_AND_INVESTMENT,
    originCity: 'nanchang', originCountry: 'CN', destinationCountry: 'DE', sendingOrganisation: 'economic-development-zone',
    headcount: 5, startDate: '2011-06-06', endDate: '2011-06-13', approvalStatus: ApprovalStatus.APPROVED, approvalDate: '2011-05-30', greenChannel: true,
    notes: `Given the green channel (特事特办，急事急办) for project negotiations. ${HEADCOUNT_ESTIMATE_NOTE} ${DATE_PLACEHOLDER_NOTE}`,
  },
  {
    key: 'drc-austria', zh: '市发改委赴奥地利商谈低碳合作项目团组', en: 'Development and Reform Commission group to Austria on low-carbon cooperation',
    direction: DelegationDirection.OUTBOUND, channel: DelegationChannel.BUSINESS, purpose: DelegationPurpose.TRADE_AND_INVESTMENT,
    originCity: 'nanchang', originCountry: 'CN', destinationCountry: 'AT', sendingOrganisation: 'development-reform-commission',
    headcount: 4, startDate: '2011-11-14', endDate: '2011-11-20', approvalStatus: ApprovalStatus.APPROVED, approvalDate: '2011-11-07', greenChannel: true,
    notes: `Given the green channel (特事特办，急事急办) for low-carbon cooperation projects. ${HEADCOUNT_ESTIMATE_NOTE} ${DATE_PLACEHOLDER_NOTE}`,
  },
  {
    key: 'no3-middle-school-peine', zh: '南昌三中代表团赴德国派尼地区交流访问', en: 'Nanchang No. 3 Middle School delegation to Peine district',
    direction: DelegationDirection.OUTBOUND, channel: DelegationChannel.SISTER_CITY, purpose: DelegationPurpose.EDUCATION,
    originCity: 'nanchang', originCountry: 'CN', destinationCity: 'peine', destinationCountry: 'DE', sendingOrganisation: 'no3-middle-school',
    leader: 'no3-delegation-leader', members: ['no3-delegation-leader', 'no3-delegation-teacher', 'no3-delegation-student'],
    headcount: 12, startDate: '2011-07-10', endDate: '2011-07-20', exchange: 'no3-peine-school-exchange',
    approvalStatus: ApprovalStatus.APPROVED, approvalDate: '2011-06-20',
    notes: `The visit qualified the school for the Communist Youth League’s “China-EU Friendship Partners” programme. The named members are placeholders. ${HEADCOUNT_ESTIMATE_NOTE} ${DATE_PLACEHOLDER_NOTE}`,
  },
];

// ---------------------------------------------------------------------------------------------------------
// Money and gifts. All of 2011 (the report's year), on a placeholder day: the annual report counts them by date.

const YEAR_ONLY_2011 = '2011-07-01';

export const contributions: ContributionFact[] = [
  {
    key: 'lok-sin-hang-luoshe', zh: '香港乐善行基金会捐建罗舍小学（希望工程）', en: 'Lok Sin Hang Foundation donation for Luoshe Primary School (Hope Project)',
    kind: ContributionKind.DONATION, donor: 'organisation:lok-sin-hang-foundation', recipient: 'organisation:luoshe-primary-school', amount: 300_000, currency: 'CNY',
    status: ContributionStatus.SIGNED, date: YEAR_ONLY_2011, notes: `Agreement signed with Youlan Town (幽兰镇), Nanchang County, in 2011. ${DATE_PLACEHOLDER_NOTE}`,
  },
  {
    key: 'lok-sin-hang-shihu', zh: '香港乐善行基金会捐建石湖村卫生站', en: 'Lok Sin Hang Foundation donation for the Shihu Village clinic',
    kind: ContributionKind.DONATION, donor: 'organisation:lok-sin-hang-foundation', recipient: 'organisation:shihu-village-clinic', amount: 90_000, currency: 'CNY',
    status: ContributionStatus.SIGNED, date: YEAR_ONLY_2011, notes: `Agreement signed with Qiaole Township (乔乐乡), Anyi County, in 2011. ${DATE_PLACEHOLDER_NOTE}`,
  },
  {
    key: 'amitabha-student-aid', zh: '马来西亚阿弥陀佛援助中心资助困难学生', en: 'Malaysia Amitabha Aid Centre aid for poor students',
    kind: ContributionKind.DONATION, donor: 'organisation:amitabha-aid-centre', amount: 52_000, currency: 'CNY', beneficiaries: 80,
    status: ContributionStatus.DELIVERED, date: YEAR_ONLY_2011,
    notes: `80 students of poor families at Qianze Primary School (Anyi County) and Donghu District Guangming School; the split between the two schools is not stated. ${DATE_PLACEHOLDER_NOTE}`,
  },
  {
    key: 'takamatsu-rotary-computers', zh: '高松扶轮社向前泽村小学捐赠电脑', en: 'Takamatsu Rotary Club computers for Qianze Village Primary School',
    kind: ContributionKind.IN_KIND, donor: 'organisation:takamatsu-rotary', recipient: 'organisation:qianze-primary-school', inKindDescription: 'computers (电脑)', quantity: 8,
    status: ContributionStatus.DELIVERED, date: YEAR_ONLY_2011, notes: DATE_PLACEHOLDER_NOTE,
  },
  {
    key: 'pu-jian-sanghai-investment', zh: '濮键投资桑海开发区生物医药生产基地', en: 'Pu Jian investment in a biomedicine production base, Sanghai Development Zone',
    kind: ContributionKind.INVESTMENT, donor: 'person:pu-jian', recipient: 'organisation:sanghai-development-zone', amount: 1_000_000, currency: 'CNY',
    status: ContributionStatus.SIGNED, date: YEAR_ONLY_2011, notes: DATE_PLACEHOLDER_NOTE,
  },
  {
    key: 'returned-oc-living-subsidy', zh: '2011年归侨生活补贴', en: '2011 living subsidy for returned overseas Chinese',
    kind: ContributionKind.SUBSIDY, donor: 'organisation:municipal-government', beneficiaries: 194, status: ContributionStatus.DELIVERED, date: YEAR_ONLY_2011,
    notes: `The raised provincial standard for elderly returned overseas Chinese, paid in full to the 194 returned overseas Chinese Nanchang declared; the amount is not stated. ${DATE_PLACEHOLDER_NOTE}`,
  },
  {
    key: 'cai-hu-entrepreneur-funding', zh: '国侨办“重点华侨华人创业团队”资金支持', en: 'Funding as a “key overseas Chinese entrepreneurial team”',
    kind: ContributionKind.GRANT, donor: 'organisation:ocao-state-council', recipient: 'person:cai-hu', status: ContributionStatus.SIGNED, date: YEAR_ONLY_2011,
    notes: `For Dr Cai Hu’s team at Nanchang Ruibo Technology; the amount is not stated. ${DATE_PLACEHOLDER_NOTE}`,
  },
];

// ---------------------------------------------------------------------------------------------------------
// Awards the office received in 2011.

export const awards: AwardFact[] = [
  { key: 'peoples-friendship-contribution', zh: '人民友谊贡献奖', en: 'People’s Friendship Contribution Award', year: 2011, grantedBy: 'cpaffc', recipient: 'organisation:office' },
  { key: 'outbound-management-advanced-unit', zh: '2011年度全省因公出国(境)管理工作先进单位', en: 'Provincial advanced unit for official outbound-travel management, 2011', year: 2011, grantedBy: 'jiangxi-fao', recipient: 'organisation:office' },
  { key: 'low-carbon-conference-advanced-unit', zh: '第二届世界低碳与生态经济大会暨技术博览会先进单位', en: 'Advanced unit of the 2nd World Low Carbon and Ecological Economy Conference and Technology Expo', year: 2011, grantedBy: 'municipal-government', recipient: 'organisation:office', notes: 'Granted by the municipal Party committee and government.' },
  { key: 'city-games-advanced-collective', zh: '办好城运当先锋创先争优主题实践活动先进集体', en: 'Advanced collective of the City Games campaign', year: 2011, grantedBy: 'municipal-government', recipient: 'organisation:office', notes: 'Granted by the municipal Party committee and government.' },
  { key: 'open-economy-target-award', zh: '2011年度开放型经济工作目标完成奖', en: '2011 Open Economy Target Completion Award', year: 2011, grantedBy: 'municipal-government', recipient: 'organisation:office' },
];

// ---------------------------------------------------------------------------------------------------------
// The 2012 plan: targets whose measure is a query over records.

const in2012 = { From: '2012-01-01', To: '2012-12-31' };

export const targets: TargetFact[] = [
  {
    key: '2012-new-sister-city', zh: '2012年力争缔结友好城市1个', en: 'Sign 1 new sister city in 2012', year: 2012, targetValue: 1, unit: 'cities',
    measure: () => ({ subject: 'partnerships', filter: { level: ['SISTER_CITY'], signedOnFrom: in2012.From, signedOnTo: in2012.To } }),
  },
  {
    key: '2012-new-prospects', zh: '拓展新友城发展对象3个', en: 'Develop 3 new prospect cities in 2012', year: 2012, targetValue: 3, unit: 'cities',
    measure: () => ({ subject: 'partnerships', filter: { level: ['PROSPECT'], statusHistory: { status: 'CONTACT_OPENED', dateFrom: in2012.From, dateTo: in2012.To } } }),
  },
  {
    key: '2012-oceania-breakthrough', zh: '力争在大洋洲地区寻求突破', en: 'A first partner city in Oceania', year: 2012, targetValue: 1, unit: 'cities',
    measure: () => ({ subject: 'partnerships', filter: { level: ['PROSPECT', 'FRIENDLY_EXCHANGE', 'SISTER_CITY'], continent: ['OCEANIA'] } }),
    notes: 'Nanchang had no partner of any level in Oceania at the end of 2011.',
  },
  {
    key: '2012-eastern-europe-breakthrough', zh: '力争在东欧地区寻求突破', en: 'A first partner city in Eastern Europe', year: 2012, targetValue: 1, unit: 'cities',
    measure: () => ({ subject: 'partnerships', filter: { level: ['FRIENDLY_EXCHANGE', 'SISTER_CITY'], subregion: ['Eastern Europe'] } }),
    notes: 'Miskolc (Hungary, UN sub-region Eastern Europe) was already a prospect in 2011, so the breakthrough counted is a friendly-exchange or sister-city relation; Skopje is in Southern Europe.',
  },
  {
    key: '2012-overseas-chinese-law-campaigns', zh: '组织1-2次大型侨法宣传活动', en: 'Hold 1–2 large Overseas Chinese Law campaigns', year: 2012, targetValue: 1, unit: 'campaigns',
    measure: () => ({ subject: 'events', filter: { kind: ['CAMPAIGN'], q: '侨法', startDateFrom: in2012.From, startDateTo: in2012.To } }),
    notes: 'The plan says 1–2: 1 is the target, 2 the upper end.',
  },
  {
    key: '2012-youth-summer-camp', zh: '继续承办一期“海外华裔青少年夏令营”', en: 'Host one overseas Chinese youth summer camp', year: 2012, targetValue: 1, unit: 'camps',
    measure: () => ({ subject: 'events', filter: { kind: ['CAMP'], startDateFrom: in2012.From, startDateTo: in2012.To } }),
    notes: 'With the China Overseas Chinese Education Foundation (中国华文教育基金会).',
  },
  {
    key: '2012-amitabha-student-aid', zh: '继续争取马来西亚阿弥陀佛援助中心资助家庭贫困学生', en: 'Keep funding poor students through the Malaysia Amitabha Aid Centre', year: 2012, targetValue: 1, unit: 'contributions',
    measure: (id) => ({ subject: 'contributions', filter: { donorId: [id('organisation:amitabha-aid-centre')], dateFrom: in2012.From, dateTo: in2012.To } }),
  },
  {
    key: '2012-hope-schools-follow-up', zh: '督促已捐希望小学项目的建设', en: 'Follow up the donated Hope schools', year: 2012, targetValue: 1, unit: 'schools',
    measure: (id) => ({ subject: 'contributions', filter: { ids: [id('contribution:lok-sin-hang-luoshe')], status: ['DELIVERED'] } }),
    notes: 'The Lok Sin Hang Foundation’s Luoshe Primary School; the plan also names a Hope school of the 应善良基金会, which these records do not hold.',
  },
  {
    key: '2012-qiaoai-clinic', zh: '积极争取香港方润华在我市捐资兴建“侨爱卫生院”', en: 'Seek a donated “Qiao’ai” clinic', year: 2012, targetValue: 1, unit: 'contributions',
    measure: () => ({ subject: 'contributions', filter: { kind: ['DONATION'], q: '侨爱', dateFrom: in2012.From, dateTo: in2012.To } }),
    notes: 'From Fong Yun-wah (方润华) of Hong Kong, as the plan hopes.',
  },
];

// ---------------------------------------------------------------------------------------------------------
// Links between nodes (generic edges).

export const relationships: RelationshipFact[] = [
  { from: 'person:pu-jian', kind: RelationshipKind.WORKS_FOR, to: 'organisation:shanghai-oc-chamber', role: 'executive director (常务理事)' },
  { from: 'person:pu-jian', kind: RelationshipKind.REPRESENTS, to: 'organisation:shanghai-oc-chamber', role: 'executive director (常务理事)' },
  { from: 'person:pu-jian', kind: RelationshipKind.MEMBER_OF, to: 'organisation:jiangxi-xiejin-association', role: 'vice-president (副会长)' },
  { from: 'person:pu-jian', kind: RelationshipKind.INVESTED_IN, to: 'organisation:sanghai-development-zone', role: 'biomedicine production base, RMB 1,000,000', startDate: '2011-01-01', notes: 'In 2011; the day is not stated.' },
  { from: 'person:lou-daming', kind: RelationshipKind.LEADS, to: 'organisation:france-china-business-association', role: 'president (会长)' },
  { from: 'person:lou-daming', kind: RelationshipKind.LEADS, to: 'organisation:lude-industrial', role: 'chairman (董事长)' },
  { from: 'person:cai-hu', kind: RelationshipKind.FOUNDED, to: 'organisation:ruibo-technology', role: 'founder (创始人)' },
  { from: 'person:luo-tailai', kind: RelationshipKind.INVESTED_IN, to: 'city:nanchang', role: 'investor' },
  { from: 'person:zhou-dongyong', kind: RelationshipKind.INVESTED_IN, to: 'city:nanchang', role: 'investor' },
  { from: 'organisation:peine-music-school', kind: RelationshipKind.LINKED_WITH, to: 'organisation:ncu-arts-college', role: 'partner schools, introduced by the office', startDate: '2011-01-01', notes: 'Linked in 2011; the day is not stated.' },
  { from: 'organisation:anabuki-gakuen', kind: RelationshipKind.LINKED_WITH, to: 'organisation:jxstnu', role: 'partner schools, introduced by the office', startDate: '2011-01-01', notes: 'Linked in 2011; the day is not stated.' },
  { from: 'organisation:takamatsu-rotary', kind: RelationshipKind.LOCATED_IN, to: 'city:takamatsu' },
  { from: 'organisation:anabuki-gakuen', kind: RelationshipKind.LOCATED_IN, to: 'city:takamatsu' },
  { from: 'organisation:peine-music-school', kind: RelationshipKind.LOCATED_IN, to: 'city:peine' },
  { from: 'organisation:lok-sin-hang-foundation', kind: RelationshipKind.LOCATED_IN, to: 'city:hong-kong' },
  { from: 'organisation:amitabha-aid-centre', kind: RelationshipKind.DONATED_TO, to: 'organisation:qianze-primary-school', role: 'aid for poor students' },
  { from: 'organisation:amitabha-aid-centre', kind: RelationshipKind.DONATED_TO, to: 'organisation:guangming-school', role: 'aid for poor students' },
  { from: 'city:takamatsu', kind: RelationshipKind.SPONSORED, to: 'organisation:sino-japanese-friendship-hall', role: 'sent 4 Japanese-language teachers' },
  { from: 'organisation:jiiec', kind: RelationshipKind.PARTNER_OF, to: 'organisation:office', role: 'agricultural trainee selection' },
  { from: 'organisation:jibrc', kind: RelationshipKind.PARTNER_OF, to: 'organisation:office', role: 'agricultural trainee selection' },
  { from: 'organisation:nanchang-oc-chamber', kind: RelationshipKind.PARTICIPATED_IN, to: 'event:wuhan-oc-fair', role: 'chamber companies, taken by the office' },
  { from: 'organisation:nanchang-oc-chamber', kind: RelationshipKind.PARTICIPATED_IN, to: 'event:niigata-trade-fair', role: 'chamber companies, taken by the office' },
  { from: 'organisation:office', kind: RelationshipKind.INVITED, to: 'event:city-games', role: 'invited and received the foreign guests' },
  { from: 'organisation:office', kind: RelationshipKind.INVITED, to: 'event:military-music-festival', role: 'invited and received the foreign guests' },
  { from: 'organisation:office', kind: RelationshipKind.INVITED, to: 'event:low-carbon-conference', role: 'invited and received the foreign guests' },
  { from: 'organisation:office', kind: RelationshipKind.INVITED, to: 'event:friendship-cities-conference', role: 'invited four partner-city government delegations' },
  { from: 'organisation:nanchang-vocational-college', kind: RelationshipKind.ORGANISED, to: 'event:macau-student-gala', role: 'co-organiser (共同举办)' },
  { from: 'organisation:macao-daily', kind: RelationshipKind.ORGANISED, to: 'event:macau-student-gala', role: 'co-organiser (共同举办)' },
  { from: 'organisation:macao-foundation', kind: RelationshipKind.ORGANISED, to: 'event:macau-student-gala', role: 'co-organiser (共同举办)' },
  { from: 'organisation:guangzhou-ocao', kind: RelationshipKind.ORGANISED, to: 'event:macau-student-gala', role: 'co-organiser (共同举办)' },
  { from: 'organisation:foreign-trade-commission', kind: RelationshipKind.ORGANISED, to: 'event:lou-daming-project-meeting', role: 'co-organiser (联合举办)' },
  { from: 'organisation:high-tech-zone', kind: RelationshipKind.ORGANISED, to: 'event:lou-daming-project-meeting', role: 'co-organiser (联合举办)' },
  { from: 'organisation:office', kind: RelationshipKind.OTHER, to: 'organisation:nanchang-oc-chamber', role: 'guides its work (指导)' },
  { from: 'organisation:zhengzhou-fao', kind: RelationshipKind.PARTNER_OF, to: 'organisation:office', role: 'visited for talks in 2011' },
  { from: 'organisation:xianning-fao', kind: RelationshipKind.PARTNER_OF, to: 'organisation:office', role: 'visited for talks in 2011' },
  { from: 'organisation:chengdu-fao', kind: RelationshipKind.PARTNER_OF, to: 'organisation:office', role: 'visited for talks in 2011' },
  { from: 'organisation:dalian-fao', kind: RelationshipKind.PARTNER_OF, to: 'organisation:office', role: 'visited for talks in 2011' },
  { from: 'person:no3-delegation-leader', kind: RelationshipKind.WORKS_FOR, to: 'organisation:no3-middle-school', role: 'school leader', generated: true },
  { from: 'person:no3-delegation-teacher', kind: RelationshipKind.WORKS_FOR, to: 'organisation:no3-middle-school', role: 'teacher', generated: true },
  { from: 'person:no3-delegation-student', kind: RelationshipKind.MEMBER_OF, to: 'organisation:no3-middle-school', role: 'student', generated: true },
];

