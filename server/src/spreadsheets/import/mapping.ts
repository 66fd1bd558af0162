import type { RecordField, ReferenceField, LinksField, ScalarField } from '../../graph/fields.js';
import { NodeEntity } from '../../graph/record.entity.js';
import type { RecordType } from '../../nodes/registry.js';
import { BadInputError } from '../../errors.js';
import { halfWidth } from '../cell-values.js';

/** A field a column can fill: its key (as in a mapping, e.g. names.zh, startDate, country) and how its cells are read. */
export interface ImportTarget {
  key: string;
  kind: 'id' | 'version' | 'name' | 'aliases' | 'scalar' | 'reference' | 'links';
  field?: RecordField;
  /** Needed when creating a record. */
  required: boolean;
  /** Headers recognised for it, in Chinese and English. */
  headers: string[];
}

/** Headers ledgers use, by field key; a header listed under several keys goes to the first the type has. */
const HEADERS: Array<[string, string[]]> = [
  ['id', ['id', '编号', '记录编号', 'record id']],
  ['version', ['version', '版本', '版本号']],
  ['names.zh', ['中文名', '中文名称', '名称', '名字', '姓名', '中文', '团组名称', '团名', '单位名称', '机构名称', '城市名称', 'chinese name', 'name zh', 'name (zh)', 'name (chinese)']],
  ['names.en', ['英文名', '英文名称', '英文', '外文名', 'english name', 'name', 'name en', 'name (en)', 'name (english)']],
  ['names.local', ['当地名称', '原文名', '原名', '当地语言名称', 'local name', 'name local', 'native name']],
  ['names.localLang', ['当地语言', '语言', 'local language', 'language']],
  ['names.pinyin', ['拼音', 'pinyin']],
  ['aliases', ['别名', '又名', '简称', '其他名称', 'aliases', 'alias', 'other names', 'also known as']],
  ['visibility', ['可见性', '公开程度', '密级', 'visibility']],
  ['notes', ['备注', '说明', '附注', 'notes', 'note', 'remarks', 'comments']],
  ['code', ['代码', '国家代码', 'iso code', 'code']],
  ['country', ['国家', '国别', '国家/地区', '国家或地区', '所在国', 'country', 'country code']],
  ['nationality', ['国籍', '国家', '国别', 'nationality', 'country']],
  ['originCountry', ['来自国家', '来访国家', '来访国别', '国家', '国别', 'origin country', 'from country', 'country']],
  ['destinationCountry', ['目的国', '出访国家', '前往国家', '出访国别', 'destination country', 'to country']],
  ['city', ['城市', '所在城市', '所在地', 'city']],
  ['originCity', ['来自城市', '来访城市', '城市', 'origin city', 'from city', 'city']],
  ['destinationCity', ['目的城市', '出访城市', '前往城市', 'destination city', 'to city']],
  ['homeCity', ['本市', '我方城市', '国内城市', 'home city']],
  ['partnerCity', ['友城', '友好城市', '对方城市', '外方城市', 'partner city', 'sister city']],
  ['startDate', ['日期', '开始日期', '开始时间', '起始日期', '来访日期', '出访日期', '抵达日期', '时间', '起', 'start date', 'date', 'from', 'start', 'begins']],
  ['endDate', ['结束日期', '结束时间', '截止日期', '离开日期', '止', 'end date', 'to', 'end', 'until', 'ends']],
  ['date', ['日期', '时间', 'date']],
  ['headcount', ['人数', '人次', '团组人数', '总人数', 'headcount', 'person-times', 'person times', 'persons', 'people', 'size']],
  ['direction', ['方向', '来访/出访', '出入境', 'direction']],
  ['channel', ['渠道', '类别', 'channel']],
  ['purpose', ['目的', '事由', '任务', '访问目的', 'purpose']],
  ['kind', ['类型', '类别', '种类', '性质', 'kind', 'type']],
  ['category', ['类别', '身份', '人员类别', 'category']],
  ['level', ['级别', '关系级别', 'level']],
  ['status', ['状态', 'status']],
  ['title', ['职务', '头衔', '职位', '称号', 'title', 'position']],
  ['province', ['省', '省份', '州', '省/州', '省州', 'province', 'state']],
  ['latitude', ['纬度', 'lat', 'latitude']],
  ['longitude', ['经度', 'lng', 'lon', 'longitude']],
  ['isHomeCity', ['本市城市', '是否本市', 'home city?', 'is home city']],
  ['website', ['网站', '网址', 'website', 'url', 'web']],
  ['venue', ['地点', '场地', '会场', 'venue', 'place']],
  ['organisation', ['单位', '机构', '组织', 'organisation', 'organization']],
  ['parent', ['上级单位', '上级机构', '主管单位', 'parent', 'parent organisation']],
  ['host', ['主办单位', '承办单位', '主办', 'host', 'host organisation']],
  ['hostOrganisation', ['接待单位', '邀请单位', '主办单位', 'host organisation', 'host']],
  ['sendingOrganisation', ['派出单位', '组团单位', '来访单位', 'sending organisation']],
  ['leader', ['团长', '带队', '带队领导', '领队', 'leader', 'head of delegation']],
  ['members', ['成员', '团员', '名单', 'members']],
  ['from', ['起点', '从', '主体', '甲方', 'from']],
  ['to', ['终点', '到', '对象', '乙方', 'to']],
  ['role', ['角色', '身份', '职务', 'role']],
  ['source', ['来源', '出处', '依据', 'source']],
  ['year', ['年份', '年度', 'year']],
  ['amount', ['金额', '数额', '款额', 'amount']],
  ['currency', ['币种', '货币', 'currency']],
  ['quantity', ['数量', 'quantity']],
  ['beneficiaries', ['受益人数', '受益人', 'beneficiaries']],
  ['donor', ['捐赠方', '捐赠人', '出资方', '投资方', 'donor']],
  ['recipient', ['受赠方', '受益单位', '接受方', 'recipient']],
  ['passportNumber', ['护照号', '护照号码', '证件号', '证件号码', '身份证号', 'passport', 'passport number', 'id number']],
  ['dateOfBirth', ['出生日期', '生日', '出生年月', 'date of birth', 'birth date', 'dob']],
  ['phone', ['电话', '手机', '联系电话', '手机号', 'phone', 'tel', 'telephone', 'mobile']],
  ['email', ['邮箱', '电子邮件', '电子邮箱', 'email', 'e-mail']],
];

/** A header as compared: full-width to ASCII, lower case, without spaces, underscores, hyphens, colons or stars. */
export function normaliseHeader(header: string): string {
  return halfWidth(header).toLowerCase().replace(/[\s_\-:*]+/g, '');
}

const NOT_IMPORTED = new Set(['generated']);

/** The fields of a type a spreadsheet column can fill. */
export function importTargets(type: RecordType, fields: RecordField[]): ImportTarget[] {
  // The version a row was exported at: not written, but compared with the record's, so that an old file cannot
  // silently undo a newer edit (plan.ts).
  const targets: ImportTarget[] = [
    { key: 'id', kind: 'id', required: false, headers: [] },
    { key: 'version', kind: 'version', required: false, headers: [] },
  ];
  const isNode = type.entity.prototype instanceof NodeEntity;
  for (const field of fields) {
    if (field.name === 'id' || NOT_IMPORTED.has(field.name)) continue;
    if (field.kind === 'embedded' && field.name === 'names' && isNode) {
      for (const part of ['zh', 'en', 'local', 'localLang', 'pinyin']) targets.push({ key: `names.${part}`, kind: 'name', field, required: false, headers: [] });
    } else if (field.kind === 'scalar') {
      if (['createdAt', 'updatedAt', 'version'].includes(field.name) || (type.rules.derived ?? []).includes(field.name)) continue;
      const column = String(field.prop.columnTypes?.[0] ?? field.prop.type).toLowerCase();
      if (field.name === 'aliases') targets.push({ key: 'aliases', kind: 'aliases', field, required: false, headers: [] });
      else if (!column.includes('json') && !column.includes('[]')) targets.push({ key: field.name, kind: 'scalar', field, required: field.required, headers: [] });
    } else if (field.kind === 'reference') {
      targets.push({ key: field.name, kind: 'reference', field, required: field.required, headers: [] });
    } else if (field.kind === 'links') {
      targets.push({ key: field.name, kind: 'links', field, required: false, headers: [] });
    }
  }
  for (const target of targets) {
    const known = HEADERS.find(([key]) => key === target.key)?.[1] ?? [];
    target.headers = [...new Set([target.key, ...known, ...(target.kind === 'reference' ? [`${target.key}Id`, `${target.key} id`] : [])])];
  }
  return targets;
}

export interface ColumnMapping {
  /** Column index → target key; a column absent here is not imported. */
  byColumn: Map<number, ImportTarget>;
  columns: Array<{ column: number; header: string; key: string | null; how: 'header' | 'mapping' | 'ignored' | 'unknown' }>;
  unknown: string[];
}

function targetForHeader(header: string, targets: ImportTarget[], taken: Set<string>): ImportTarget | undefined {
  const wanted = normaliseHeader(header);
  if (wanted === '') return undefined;
  const exact = targets.find((target) => !taken.has(target.key) && normaliseHeader(target.key) === wanted);
  if (exact) return exact;
  for (const [key, headers] of HEADERS) {
    if (!headers.some((known) => normaliseHeader(known) === wanted)) continue;
    const target = targets.find((candidate) => candidate.key === key && !taken.has(key));
    if (target) return target;
  }
  return targets.find((target) => !taken.has(target.key) && target.headers.some((known) => normaliseHeader(known) === wanted));
}

/** Fields an export writes that no import changes (timestamps, version, derived fields): read back, they are left out. */
export function readOnlyKeys(type: RecordType, fields: RecordField[]): string[] {
  const targets = new Set(importTargets(type, fields).map((target) => target.key));
  return fields.filter((field) => field.kind === 'scalar' && !targets.has(field.name)).map((field) => field.name);
}

/** Columns an export adds beside a reference (its names): read back, they are simply left out. */
const EXPORT_EXTRA = /^(.+)\.(zh|en)$/;

/**
 * Maps a sheet's headers to fields: a header given in `overrides` (a saved mapping or the wizard's choices) wins;
 * else the header is recognised in Chinese or English ("中文名", "Chinese name", "names.zh"); a bilingual header
 * ("国家 Country") by either half. Unknown columns are reported and not imported.
 */
export function mapColumns(headers: string[], targets: ImportTarget[], overrides: Record<string, string | null> = {}, readOnly: string[] = []): ColumnMapping {
  const byColumn = new Map<number, ImportTarget>();
  const columns: ColumnMapping['columns'] = [];
  const unknown: string[] = [];
  const taken = new Set<string>();
  const problems: Array<{ field: string; message: string }> = [];
  const overridden = new Map(Object.entries(overrides).map(([header, key]) => [normaliseHeader(header), key]));
  for (const [header, key] of Object.entries(overrides)) {
    if (key !== null && !targets.some((target) => target.key === key)) {
      problems.push({ field: `columns.${header}`, message: `"${key}" is not a field this type imports; it imports ${targets.map((target) => target.key).join(', ')}` });
    }
  }
  if (problems.length > 0) throw new BadInputError(problems);
  const pending: number[] = [];
  headers.forEach((header, column) => {
    const normalised = normaliseHeader(header);
    if (!overridden.has(normalised)) {
      pending.push(column);
      return;
    }
    const key = overridden.get(normalised) ?? null;
    const target = key === null ? undefined : targets.find((candidate) => candidate.key === key);
    if (target && taken.has(target.key)) throw BadInputError.field(`columns.${header}`, `two columns are mapped to ${target.key}`);
    if (target) {
      taken.add(target.key);
      byColumn.set(column, target);
    }
    columns.push({ column, header, key: target?.key ?? null, how: target ? 'mapping' : 'ignored' });
  });
  for (const column of pending) {
    const header = headers[column];
    if (header.trim() === '') continue;
    let target = targetForHeader(header, targets, taken);
    if (!target) {
      const parts = header.split(/[\s/|（(）)]+/).filter((part) => part !== '');
      for (const part of parts.length > 1 ? parts : []) {
        target = targetForHeader(part, targets, taken);
        if (target) break;
      }
    }
    if (!target && (isExportNameColumn(header) || readOnly.includes(header.trim()))) {
      columns.push({ column, header, key: null, how: 'ignored' });
      continue;
    }
    if (target) {
      taken.add(target.key);
      byColumn.set(column, target);
      columns.push({ column, header, key: target.key, how: 'header' });
    } else {
      unknown.push(header);
      columns.push({ column, header, key: null, how: 'unknown' });
    }
  }
  columns.sort((a, b) => a.column - b.column);
  return { byColumn, columns, unknown };

  function isExportNameColumn(header: string): boolean {
    const match = EXPORT_EXTRA.exec(header.trim());
    return !!match && targets.some((target) => (target.kind === 'reference' || target.kind === 'links') && target.key === match[1]);
  }
}

export type { ScalarField, ReferenceField, LinksField };
