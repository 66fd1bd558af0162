import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHub, type Hub } from '../support/hub.js';
import { parseCsv } from '../support/csv.js';

/** Lists out as spreadsheets (issue 6): the list's filter and sort, streamed, only what the caller may read. */

let hub: Hub;
const tokens: Record<string, string> = {};


async function download(path: string, role = 'admin'): Promise<Response> {
  return fetch(`${hub.url}/exports/${path}`, { headers: tokens[role] ? { authorization: `Bearer ${tokens[role]}` } : {} });
}

/** The export as objects keyed by header. */
async function exportCsv(path: string, role = 'admin'): Promise<{ headers: string[]; rows: Array<Record<string, string>> }> {
  const response = await download(path, role);
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toMatch(/text\/csv/);
  const bytes = Buffer.from(await response.arrayBuffer());
  // A byte-order mark first, so that Excel reads the Chinese names as UTF-8.
  expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  const [headers, ...rows] = parseCsv(bytes.subarray(3).toString('utf8'));
  return { headers, rows: rows.map((row) => Object.fromEntries(headers.map((header, index) => [header, row[index]]))) };
}

function query(params: Record<string, unknown>): string {
  return new URLSearchParams(Object.fromEntries(Object.entries(params).map(([key, value]) => [key, JSON.stringify(value)]))).toString();
}

beforeAll(async () => {
  hub = await startHub({ template: 'empty' });
  for (const role of ['admin', 'editor', 'analyst', 'viewer']) tokens[role] = await hub.login(role);
  // Over two pages of 500: the export must go on past the first page.
  const lines = ['中文名,英文名,国家,省份'];
  for (let index = 0; index < 1100; index += 1) lines.push(`导出市${String(index).padStart(4, '0')},Export town ${index},${index % 3 ? 'NO' : 'JP'},P${index % 7}`);
  const imported = await fetch(`${hub.url}/imports/cities/commit`, { method: 'POST', headers: { authorization: `Bearer ${tokens.admin}`, 'content-type': 'text/csv' }, body: lines.join('\n') });
  expect(imported.status).toBe(200);
  await hub.query(`mutation {
    a: createPerson(input: { names: { zh: "公开人", en: "Public Person" }, category: FOREIGN_GUEST, visibility: PUBLIC, phone: "+47 123 45 678" }) { id }
    b: createPerson(input: { names: { zh: "内部人", en: "Internal Person" }, category: FOREIGN_EXPERT, visibility: INTERNAL, email: "expert@example.org", dateOfBirth: "1970-01-02" }) { id }
    c: createPerson(input: { names: { zh: "限制人", en: "Restricted Person" }, category: OVERSEAS_CHINESE, visibility: RESTRICTED, passportNumber: "E12345678" }) { id }
  }`);
}, 180_000);

afterAll(async () => {
  await hub?.stop();
});

describe('exports', () => {
  it('streams every record of a long list (over several pages) as CSV, names in both languages', async () => {
    const { headers, rows } = await exportCsv(`cities.csv?${query({ filter: { q: '导出市' } })}`);
    expect(rows).toHaveLength(1100);
    expect(headers.slice(0, 3)).toEqual(['id', 'names.zh', 'names.en']);
    expect(headers).toEqual(expect.arrayContaining(['country', 'country.zh', 'country.en', 'province', 'visibility', 'version']));
    const first = rows.find((row) => row['names.zh'] === '导出市0001');
    expect(first).toMatchObject({ 'names.en': 'Export town 1', 'country.zh': '挪威', 'country.en': 'Norway', province: 'P1' });
  });

  it('honours the filter and the sort of the list query', async () => {
    const filter = { q: '导出市', countryId: [] as string[] };
    const norway = await hub.query(`{ countries(filter: { q: "Norway" }) { items { id } } }`);
    filter.countryId = [norway.countries.items[0].id];
    const sort = [{ field: 'province', order: 'DESC' }, { field: 'names_en' }];
    const listed = await hub.query(`query ($filter: CityFilter, $sort: [CitySort!]) { cities(filter: $filter, sort: $sort, perPage: 500) { total items { id } } }`, { filter, sort });
    const { rows } = await exportCsv(`cities.csv?${query({ filter, sort })}`);
    expect(rows).toHaveLength(listed.cities.total);
    expect(rows.slice(0, 500).map((row) => row.id)).toEqual(listed.cities.items.map((item: { id: string }) => item.id));
  });

  it('writes XLSX with a header row and the same columns', async () => {
    const response = await download(`cities.xlsx?${query({ filter: { q: '导出市000' }, sort: [{ field: 'names_zh' }] })}`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-disposition')).toMatch(/amity-cities-.*\.xlsx/);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(await response.arrayBuffer());
    const sheet = workbook.worksheets[0];
    const headers = (sheet.getRow(1).values as unknown[]).slice(1);
    expect(headers.slice(0, 3)).toEqual(['id', 'names.zh', 'names.en']);
    expect(sheet.actualRowCount).toBe(11);
    const zh = headers.indexOf('names.zh') + 1;
    const countryZh = headers.indexOf('country.zh') + 1;
    expect(sheet.getRow(2).getCell(zh).value).toBe('导出市0000');
    expect(sheet.getRow(2).getCell(countryZh).value).toBe('日本');
  });

  it('gives a VIEWER no RESTRICTED rows', async () => {
    const admin = await exportCsv('people.csv', 'admin');
    const viewer = await exportCsv('people.csv', 'viewer');
    expect(admin.rows.map((row) => row['names.zh']).sort()).toEqual(['公开人', '内部人', '限制人'].sort());
    expect(viewer.rows.map((row) => row['names.zh']).sort()).toEqual(['公开人', '内部人'].sort());
    expect(viewer.rows.every((row) => row.visibility !== 'RESTRICTED')).toBe(true);
  });

  it('gives an ANALYST (and a VIEWER) no personal data, and an EDITOR all of it, logging that read', async () => {
    const personal = ['passportNumber', 'dateOfBirth', 'phone', 'email'];
    for (const role of ['analyst', 'viewer']) {
      const { headers, rows } = await exportCsv('people.csv', role);
      for (const field of personal) expect(headers).not.toContain(field);
      expect(JSON.stringify(rows)).not.toMatch(/E12345678|expert@example\.org|\+47 123/);
    }
    const before = (await hub.db.query(`select count(*)::int as n from audit_entry where action = 'READ_PERSONAL_DATA'`)).rows[0].n;
    const editor = await exportCsv('people.csv', 'editor');
    expect(editor.headers).toEqual(expect.arrayContaining(personal));
    expect(editor.rows.find((row) => row['names.zh'] === '限制人')?.passportNumber).toBe('E12345678');
    expect(editor.rows.find((row) => row['names.zh'] === '内部人')).toMatchObject({ email: 'expert@example.org', dateOfBirth: '1970-01-02' });
    const after = (await hub.db.query(`select count(*)::int as n from audit_entry where action = 'READ_PERSONAL_DATA'`)).rows[0].n;
    expect(after).toBe(before + 1);
  });

  it('reads back as an import: every exported row matched to its record by id, no unknown columns', async () => {
    const response = await download(`cities.csv?${query({ filter: { q: '导出市001' } })}`);
    const file = await response.text();
    const dry = await fetch(`${hub.url}/imports/cities/dry-run`, { method: 'POST', headers: { authorization: `Bearer ${tokens.admin}`, 'content-type': 'text/csv' }, body: file }).then((answer) => answer.json() as Promise<{ report: { ok: boolean; unknownColumns: string[]; update: number; plan: Array<{ matchedBy: string }> } }>);
    expect(dry.report.ok).toBe(true);
    expect(dry.report.unknownColumns).toEqual([]);
    expect(dry.report.update).toBe(10);
    expect(dry.report.plan.every((row: { matchedBy: string }) => row.matchedBy === 'id')).toBe(true);
  });

  it('refuses a bad filter or sort, an unknown list, and anyone not signed in', async () => {
    const bad = await download(`cities.csv?${query({ filter: { startDateFrom: 'soon' } })}`);
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { errors: Array<{ message: string }> }).errors[0].message).toMatch(/filter/);
    const badSort = await download(`cities.csv?${query({ sort: [{ field: 'nonsense' }] })}`);
    expect(badSort.status).toBe(400);
    expect((await download('spaceships.csv')).status).toBe(404);
    expect((await download('cities.csv', 'anonymous')).status).toBe(401);
  });
});
