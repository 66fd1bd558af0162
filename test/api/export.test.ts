import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHub, type Hub } from '../support/hub.js';
import { parseCsv } from '../support/csv.js';

/** Lists out as spreadsheets: the list's filter and sort, streamed, only what the caller may read. */

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

/** A CSV of rows of cells, as a spreadsheet program saves it (RFC 4180 quoting). */
function csvText(rows: string[][]): string {
  return `\uFEFF${rows.map((row) => row.map((cell) => (/[",\r\n]/.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell)).join(',')).join('\r\n')}\r\n`;
}

interface ImportAnswer {
  status: number;
  body: {
    report?: { ok: boolean; update: number; unchanged: number; errors: Array<{ row: number | null; column: string | null; message: string }>; conflicts: Array<Record<string, unknown>>; plan: Array<{ changes?: string[] }> };
    batch?: { id: string };
    errors?: Array<{ message: string; extensions: { code: string; report?: { conflicts: Array<Record<string, unknown>> } } }>;
  };
}

async function importCsv(mode: 'dry-run' | 'commit', file: string, params = ''): Promise<ImportAnswer> {
  const response = await fetch(`${hub.url}/imports/cities/${mode}${params}`, { method: 'POST', headers: { authorization: `Bearer ${tokens.admin}`, 'content-type': 'text/csv' }, body: file });
  return { status: response.status, body: (await response.json()) as ImportAnswer['body'] };
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
    const dry = await fetch(`${hub.url}/imports/cities/dry-run`, { method: 'POST', headers: { authorization: `Bearer ${tokens.admin}`, 'content-type': 'text/csv' }, body: file }).then((answer) => answer.json() as Promise<{ report: { ok: boolean; unknownColumns: string[]; update: number; unchanged: number; plan: Array<{ matchedBy: string }> } }>);
    expect(dry.report.ok).toBe(true);
    expect(dry.report.unknownColumns).toEqual([]);
    // Matched, and nothing to change: an export read back as it is.
    expect(dry.report.update).toBe(0);
    expect(dry.report.unchanged).toBe(10);
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

  it('carries each record version, and an import of an old export is a conflict naming row, column and both versions, writing nothing unless asked to overwrite', async () => {
    const city = await hub.query(`mutation { createCity(input: { names: { zh: "版本市", en: "Version town" }, countryCode: "NO", province: "Before" }) { id version } }`);
    const { id, version } = city.createCity as { id: string; version: number };
    const exported = await exportCsv(`cities.csv?${query({ filter: { q: '版本市' } })}`);
    expect(exported.rows).toHaveLength(1);
    expect(exported.rows[0]).toMatchObject({ id, version: String(version) });
    // The clerk edits the sheet; meanwhile a colleague edits the record in the hub.
    const edited = csvText([exported.headers, exported.headers.map((header) => (header === 'province' ? 'From the sheet' : exported.rows[0][header]))]);
    await hub.query(`mutation ($id: ID!, $v: Int!) { updateCity(id: $id, input: { province: "From the hub" }, expectedVersion: $v) { version } }`, { id, v: version });
    const audit = async () => (await hub.db.query(`select count(*)::int as n from audit_entry where record_id = $1`, [id])).rows[0].n as number;
    const auditBefore = await audit();

    const dry = await importCsv('dry-run', edited);
    expect(dry.body.report?.ok).toBe(false);
    const conflict = { row: 2, column: 'version', recordId: id, fileVersion: version, currentVersion: version + 1, overwritten: false };
    expect(dry.body.report?.conflicts).toEqual([conflict]);
    expect(dry.body.report?.errors).toEqual([
      { row: 2, column: 'version', message: expect.stringMatching(new RegExp(`City 版本市 \\(${id}\\) was changed after this file was made: the file has version ${version}, the record is at version ${version + 1}`)) },
    ]);
    const refused = await importCsv('commit', edited);
    expect(refused.status).toBe(409);
    expect(refused.body.errors?.[0].extensions.code).toBe('CONFLICT');
    expect(refused.body.errors?.[0].extensions.report?.conflicts).toEqual([conflict]);
    const kept = await hub.query(`query ($id: ID!) { city(id: $id) { province version } }`, { id });
    expect(kept.city).toEqual({ province: 'From the hub', version: version + 1 });
    expect(await audit()).toBe(auditBefore);

    // Asked to, the import replaces the newer edit, audited as any update, and its batch names what it replaced.
    const overwritten = await importCsv('commit', edited, '?overwrite=true');
    expect(overwritten.status).toBe(200);
    expect(overwritten.body.report?.conflicts).toEqual([{ ...conflict, overwritten: true }]);
    const replaced = await hub.query(`query ($id: ID!) { city(id: $id) { province version } }`, { id });
    expect(replaced.city).toEqual({ province: 'From the sheet', version: version + 2 });
    const batch = (await (await fetch(`${hub.url}/imports/batches/${overwritten.body.batch?.id}`, { headers: { authorization: `Bearer ${tokens.admin}` } })).json()) as { batch: { records: Array<Record<string, unknown>> } };
    expect(batch.batch.records).toEqual([{ row: 2, action: 'UPDATE', recordId: id, version: version + 2, overwrote: { fileVersion: version, replacedVersion: version + 1 } }]);
    const entries = await hub.db.query(`select action, request_id from audit_entry where record_id = $1 order by at desc limit 1`, [id]);
    expect(entries.rows[0].action).toBe('UPDATE');
    expect(entries.rows[0].request_id).toBe((await hub.db.query(`select request_id from import_batch where id = $1`, [overwritten.body.batch?.id])).rows[0].request_id);

    // A fresh export, edited and imported back: the round trip that keeps every edit, with no conflict.
    const fresh = await exportCsv(`cities.csv?${query({ filter: { q: '版本市' } })}`);
    const again = csvText([fresh.headers, fresh.headers.map((header) => (header === 'province' ? 'Round trip' : fresh.rows[0][header]))]);
    expect((await importCsv('commit', again)).status).toBe(200);
    expect((await hub.query(`query ($id: ID!) { city(id: $id) { province } }`, { id })).city.province).toBe('Round trip');
  });

  it('writes no CSV cell a spreadsheet program would run as a formula, and reads the quote it adds back off (a round trip changes nothing)', async () => {
    const names = ['=1+1', '+cmd', '-2', '@SUM(A1)', '\tx', "'=already quoted", '=HYPERLINK("http://evil.example","click")'];
    for (const [index, name] of names.entries()) {
      await hub.query(`mutation ($names: NamesInput!, $notes: String) { createCity(input: { names: $names, notes: $notes, countryCode: "NO", province: "公式省" }) { id } }`, { names: { en: name, zh: `公式市${index}` }, notes: name });
    }
    const response = await download(`cities.csv?${query({ filter: { q: '公式市' }, sort: [{ field: 'names_zh' }] })}`);
    const text = (await response.text()).replace(/^\uFEFF/, '');
    const [headers, ...rows] = parseCsv(text);
    // The API stores text trimmed ("\tx" as "x"): a leading tab or carriage return never reaches an export through
    // it (the rule for those is checked on the functions themselves, unit/formula-cells.test.ts).
    const stored = (await hub.query(`{ cities(filter: { q: "公式市" }, sort: [{ field: names_zh }]) { items { names { en } notes } } }`)).cities.items as Array<{ names: { en: string }; notes: string }>;
    expect(stored.map((city) => city.notes)).toEqual(names.map((name) => name.trim()));
    const exported = rows.map((row) => row[headers.indexOf('notes')]);
    expect(exported).toEqual(["'=1+1", "'+cmd", "'-2", "'@SUM(A1)", 'x', "''=already quoted", `'=HYPERLINK("http://evil.example","click")`]);
    expect(rows.map((row) => row[headers.indexOf('names.en')])).toEqual(exported);
    // Every text cell, not only names: none starts with a formula character.
    for (const row of rows) for (const cell of row) expect(cell).not.toMatch(/^[=+\-@\t\r]/);
    const back = await importCsv('dry-run', `\uFEFF${text}`);
    expect(back.body.report?.ok).toBe(true);
    expect(back.body.report?.update).toBe(0);
    expect(back.body.report?.unchanged).toBe(names.length);
    expect(back.body.report?.plan.map((row) => row.changes)).toEqual(names.map(() => []));

    // XLSX writes them as text cells: shown as they are, never evaluated.
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(await (await download(`cities.xlsx?${query({ filter: { q: '公式市' }, sort: [{ field: 'names_zh' }] })}`)).arrayBuffer());
    const sheet = workbook.worksheets[0];
    const column = (sheet.getRow(1).values as unknown[]).indexOf('notes');
    for (let row = 2; row <= names.length + 1; row += 1) {
      const cell = sheet.getRow(row).getCell(column);
      expect(cell.type).toBe(ExcelJS.ValueType.String);
      expect(cell.formula).toBeFalsy();
      expect(cell.value).toBe(stored[row - 2].notes);
    }
  });
});
