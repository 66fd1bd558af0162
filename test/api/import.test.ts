import http from 'node:http';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHub, type Hub } from '../support/hub.js';

/** Spreadsheets in: files made here, uploaded over HTTP as a clerk's browser would. */

const LIMIT = 1_500_000;

interface Problem {
  row: number | null;
  column: string | null;
  message: string;
}
interface Report {
  ok: boolean;
  rows: number;
  create: number;
  update: number;
  columns: Array<{ header: string; key: string | null; how: string }>;
  unknownColumns: string[];
  notes: string[];
  errors: Problem[];
  duplicates: Array<{ row: number; otherRow: number | null; recordId: string | null; reason: string }>;
  plan: Array<{ row: number; action: string; recordId: string | null; matchedBy: string | null; name: string }>;
}
interface Answer {
  status: number;
  body: { report?: Report; batch?: { id: string; created: number; updated: number; undoneAt: string | null }; errors?: Array<{ message: string; extensions: Record<string, any> }> };
}

let hub: Hub;
let token: string;

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

async function upload(path: string, body: Buffer | string, params: Record<string, string> = {}, as = token, type = 'text/csv'): Promise<Answer> {
  const url = new URL(`${hub.url}/imports/${path}`);
  for (const [key, value] of Object.entries(params)) url.searchParams.set(key, value);
  const response = await fetch(url, { method: 'POST', headers: { authorization: `Bearer ${as}`, 'content-type': type }, body: typeof body === 'string' ? body : new Uint8Array(body) });
  return { status: response.status, body: (await response.json()) as Answer['body'] };
}

/** A POST with no body (an undo), as the admin sends it: with the header that marks it as no cross-site request. */
async function post(path: string, as = token): Promise<Answer> {
  const response = await fetch(`${hub.url}/imports/${path}`, { method: 'POST', headers: { authorization: `Bearer ${as}`, 'x-amity-csrf': '1' } });
  return { status: response.status, body: (await response.json()) as Answer['body'] };
}

async function count(table: string, where = 'true', params: unknown[] = []): Promise<number> {
  const { rows } = await hub.db.query(`select count(*)::int as n from "${table}" where ${where}`, params);
  return rows[0].n as number;
}

function csv(rows: Array<Array<string | number>>): string {
  return `${rows.map((row) => row.map((cell) => (/[",\n]/.test(String(cell)) ? `"${String(cell).replace(/"/g, '""')}"` : String(cell))).join(',')).join('\r\n')}\r\n`;
}

/** Every table an import could write: a refused import must leave each as it was. */
async function snapshotCounts(): Promise<string> {
  const counts = await Promise.all(['city', 'organisation', 'delegation', 'relationship', 'import_batch', 'audit_entry'].map((table) => count(table)));
  return counts.join(',');
}

beforeAll(async () => {
  hub = await startHub({ template: 'empty', env: { AMITY_MAX_IMPORT_BYTES: String(LIMIT) } });
  token = await hub.login('admin');
}, 120_000);

afterAll(async () => {
  await hub?.stop();
});

describe('reading files', () => {
  it('decodes a GBK CSV saved by Chinese Excel and maps Chinese headers', async () => {
    const file = iconv.encode(csv([['中文名', '英文名', '国家', '省份'], ['克拉格罗', 'Kragero', '挪威', 'Vestfold'], ['高松', 'Takamatsu', 'JP', '香川县']]), 'gbk');
    const { status, body } = await upload('cities/dry-run', file);
    expect(status).toBe(200);
    const report = body.report as Report;
    expect(report.ok).toBe(true);
    expect(report.notes.join(' ')).toMatch(/GBK/);
    expect(report.columns.map((column) => column.key)).toEqual(['names.zh', 'names.en', 'country', 'province']);
    expect(report.plan.map((row) => row.name)).toEqual(['克拉格罗', '高松']);
    expect(report.create).toBe(2);
  });

  it('reads a UTF-8 CSV with a byte-order mark (the first header is not spoiled by it)', async () => {
    const file = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(csv([['中文名', 'English name', 'Country'], ['佩讷', 'Peine', 'Germany']]))]);
    const { body } = await upload('cities/dry-run', file);
    expect(body.report?.ok).toBe(true);
    expect(body.report?.columns[0]).toMatchObject({ header: '中文名', key: 'names.zh' });
    expect(body.report?.notes.join(' ')).toMatch(/byte-order mark/);
  });

  it('refuses an empty file, and a header without rows, writing nothing', async () => {
    const before = await snapshotCounts();
    for (const file of ['', '\uFEFF', '中文名,国家\r\n']) {
      const { status, body } = await upload('cities/commit', file);
      expect(status).toBe(400);
      expect(body.errors?.[0].message).toMatch(file.includes('国家') ? /header but no rows/ : /empty/);
    }
    expect(await snapshotCounts()).toBe(before);
  });

  it('refuses a file with a missing required column, naming it, and writes nothing', async () => {
    const before = await snapshotCounts();
    const file = csv([['中文名', '英文名'], ['无国之城', 'Nowhere']]);
    const dry = await upload('cities/dry-run', file);
    expect(dry.body.report?.ok).toBe(false);
    expect(dry.body.report?.errors[0]).toMatchObject({ row: null });
    expect(dry.body.report?.errors[0].message).toMatch(/required column country is missing/);
    const commit = await upload('cities/commit', file);
    expect(commit.status).toBe(400);
    expect(commit.body.errors?.[0].extensions.code).toBe('BAD_USER_INPUT');
    expect(commit.body.errors?.[0].message).toMatch(/Nothing was imported/);
    expect(await snapshotCounts()).toBe(before);
  });

  it('reports unknown extra columns and leaves them out', async () => {
    const { body } = await upload('cities/dry-run', csv([['中文名', '国家', '负责人', 'Favourite colour'], ['卑尔根', 'NO', '张三', 'blue']]));
    expect(body.report?.ok).toBe(true);
    expect(body.report?.unknownColumns).toEqual(['负责人', 'Favourite colour']);
    expect(body.report?.notes.join(' ')).toMatch(/not imported.*负责人/);
  });

  it('reads dates written as 2011年5月3日, 2011/5/3, ISO or Excel serial numbers, and names a bad one by row and column', async () => {
    const rows = [
      ['团组名称', '方向', '渠道', '人数', '国家', '开始日期', '结束日期'],
      ['日期测试团一', '来访', 'SISTER_CITY', '5', 'JP', '2011年5月3日', '2011/5/6'],
      ['日期测试团二', 'INBOUND', 'sister city', '6', 'JP', '40666', '2011-05-04'],
      ['日期测试团三', 'INBOUND', 'SISTER_CITY', '7', 'JP', '2011年2月30日', ''],
    ];
    const { body } = await upload('delegations/dry-run', csv(rows));
    const report = body.report as Report;
    expect(report.errors).toEqual([{ row: 4, column: '开始日期', message: expect.stringMatching(/2011年2月30日.*not a calendar date/) }]);
    const fixed = await upload('delegations/commit', csv(rows.slice(0, 3)));
    expect(fixed.status).toBe(200);
    const data = await hub.query(`{ delegations(filter: { q: "日期测试团" }, sort: [{ field: names_zh }]) { items { names { zh } startDate endDate headcount direction } } }`);
    expect(data.delegations.items.map((item: any) => [item.startDate, item.endDate])).toEqual([
      ['2011-05-03', '2011-05-04'],
      ['2011-05-03', '2011-05-06'],
    ]);
  });

  it('reads an XLSX with merged cells (the value repeated on each row) and formulas (their values), refusing a formula with no saved value', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('2011年来访');
    sheet.addRow(['2011年来访团组登记表']);
    sheet.mergeCells('A1:F1');
    sheet.addRow(['团组名称', 'English name', '国家', '人数', '开始日期', '方向']);
    sheet.addRow(['合并单元格团一', 'Merged one', '日本', { formula: '2+3', result: 5 }, new Date(Date.UTC(2011, 4, 3)), '来访']);
    sheet.addRow(['合并单元格团二', 'Merged two', null, { formula: 'D3*2', result: 10 }, 40667, '来访']);
    sheet.addRow(['合并单元格团三', 'Merged three', null, 4, '2011/5/5', '来访']);
    sheet.mergeCells('C3:C5');
    const good = Buffer.from(await workbook.xlsx.writeBuffer());
    const options = { columns: JSON.stringify({ 方向: 'direction' }), fileName: 'ledger.xlsx' };
    // The channel column is missing: the delegations need it.
    const missing = await upload('delegations/dry-run', good, options, token, XLSX_TYPE);
    expect(missing.body.report?.errors[0].message).toMatch(/required column channel/);

    sheet.getCell('G2').value = '渠道';
    for (const row of [3, 4, 5]) sheet.getCell(`G${row}`).value = '友城';
    const file = Buffer.from(await workbook.xlsx.writeBuffer());
    const dry = await upload('delegations/dry-run', file, options, token, XLSX_TYPE);
    const report = dry.body.report as Report;
    expect(report.errors).toEqual([]);
    expect(report.notes.join(' ')).toMatch(/merged cells.*C3:C5/);
    expect(report.notes.join(' ')).toMatch(/formula cells: their saved values/);
    expect(report.notes.join(' ')).toMatch(/above the header were skipped/);
    const commit = await upload('delegations/commit', file, options, token, XLSX_TYPE);
    expect(commit.status).toBe(200);
    const data = await hub.query(`{ delegations(filter: { q: "合并单元格团" }, sort: [{ field: startDate }]) { items { names { zh } headcount startDate originCountry { code } } } }`);
    expect(data.delegations.items).toEqual([
      { names: { zh: '合并单元格团一' }, headcount: 5, startDate: '2011-05-03', originCountry: { code: 'JP' } },
      { names: { zh: '合并单元格团二' }, headcount: 10, startDate: '2011-05-04', originCountry: { code: 'JP' } },
      { names: { zh: '合并单元格团三' }, headcount: 4, startDate: '2011-05-05', originCountry: { code: 'JP' } },
    ]);

    sheet.getCell('D5').value = { formula: 'D3+D4' } as ExcelJS.CellFormulaValue;
    sheet.getCell('A5').value = '合并单元格团四';
    const unsaved = Buffer.from(await workbook.xlsx.writeBuffer());
    const refused = await upload('delegations/dry-run', unsaved, options, token, XLSX_TYPE);
    expect(refused.body.report?.errors).toContainEqual({ row: 5, column: '人数', message: expect.stringMatching(/formula with no saved value/) });
  });

  it('reports duplicates inside the file (same Chinese name; same Latin name ignoring case and accents) as errors unless allowed', async () => {
    const before = await snapshotCounts();
    const file = csv([['中文名', '英文名', '国家'], ['重复城', 'Dup town', 'NO'], ['重复城', '', 'NO'], ['', 'Kragerø Nord', 'NO'], ['', 'KRAGERO NORD', 'NO']]);
    const dry = await upload('cities/dry-run', file);
    const report = dry.body.report as Report;
    expect(report.errors.map((problem) => [problem.row, problem.message.match(/repeats row \d+/)?.[0]])).toEqual([
      [3, 'repeats row 2'],
      [5, 'repeats row 4'],
    ]);
    expect(report.duplicates.map((duplicate) => [duplicate.row, duplicate.otherRow])).toEqual([
      [3, 2],
      [5, 4],
    ]);
    expect((await upload('cities/commit', file)).status).toBe(400);
    expect(await snapshotCounts()).toBe(before);
    const allowed = await upload('cities/dry-run', file, { allowDuplicates: 'true' });
    expect(allowed.body.report?.ok).toBe(true);
    expect(allowed.body.report?.duplicates).toHaveLength(2);
  });

  it('refuses a file over AMITY_MAX_IMPORT_BYTES from its declared length, before reading it', async () => {
    const answer = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const request = http.request(`${hub.url}/imports/cities/dry-run`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'text/csv', 'content-length': String(LIMIT * 10) },
      });
      request.on('response', (response) => {
        let body = '';
        response.on('data', (chunk) => (body += chunk));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
      });
      request.on('error', reject);
      // Only the headers are sent: the answer must come without the body.
      request.flushHeaders();
    });
    expect(answer.status).toBe(413);
    expect(answer.body).toMatch(/larger than the import limit of 1500000 bytes/);
  });

  it('refuses a streamed (chunked) file once it passes the limit', async () => {
    const big = Buffer.alloc(LIMIT + 10, 'a');
    const response = await fetch(`${hub.url}/imports/cities/dry-run`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'text/csv' },
      body: new ReadableStream({
        start(controller) {
          controller.enqueue(new Uint8Array(big));
          controller.close();
        },
      }),
      duplex: 'half',
    } as RequestInit).catch(() => undefined);
    if (response) expect(response.status).toBe(413);
  });

  it('lets only admins and editors import', async () => {
    const file = csv([['中文名', '国家'], ['角色城', 'NO']]);
    for (const role of ['viewer', 'analyst']) {
      const { status, body } = await upload('cities/dry-run', file, {}, await hub.login(role));
      expect(status).toBe(403);
      expect(body.errors?.[0].extensions.code).toBe('FORBIDDEN');
    }
    expect((await upload('cities/dry-run', file, {}, await hub.login('editor'))).status).toBe(200);
    expect((await upload('cities/dry-run', file, {}, 'nonsense')).status).toBe(401);
  });
});

describe('dry run, commit and undo', () => {
  it('reports what would be created and updated, matching existing records by id or name, with every row error by row and column', async () => {
    const existing = await hub.query(`mutation { a: createCity(input: { names: { zh: "南昌", en: "Nanchang" }, countryCode: "CN" }) { id version } b: createCity(input: { names: { en: "Kraków" }, countryCode: "PL" }) { id version } }`);
    const file = csv([
      ['ID', '中文名', '英文名', '国家', '纬度'],
      ['', '南昌', '', 'CN', '28.68'],
      ['', '', 'krakow', 'Poland', '50.06'],
      [existing.a.id, '', 'Nanchang City', '', ''],
      ['', '新余', 'Xinyu', '中国', '91'],
      ['', '无名', '', 'Atlantis', 'north'],
    ]);
    const { body } = await upload('cities/dry-run', file, { allowDuplicates: 'true' });
    const report = body.report as Report;
    expect(report.rows).toBe(5);
    expect(report.plan.map(({ row, action, recordId, matchedBy }) => ({ row, action, recordId, matchedBy }))).toEqual([
      { row: 2, action: 'UPDATE', recordId: existing.a.id, matchedBy: 'names' },
      { row: 3, action: 'UPDATE', recordId: existing.b.id, matchedBy: 'names' },
      { row: 4, action: 'UPDATE', recordId: existing.a.id, matchedBy: 'id' },
      { row: 5, action: 'CREATE', recordId: null, matchedBy: null },
      { row: 6, action: 'CREATE', recordId: null, matchedBy: null },
    ]);
    expect(report.duplicates).toContainEqual(expect.objectContaining({ row: 3, recordId: existing.b.id }));
    expect(report.errors).toEqual(
      expect.arrayContaining([
        { row: 5, column: '纬度', message: expect.stringMatching(/latitude/) },
        { row: 6, column: '国家', message: 'no Country named "Atlantis" or with code "Atlantis"' },
        { row: 6, column: '纬度', message: '"north" is not a number' },
      ]),
    );
    expect(report.ok).toBe(false);
  });

  it('refuses a whole commit when one row breaks a rule, naming the row, and writes nothing', async () => {
    const before = await snapshotCounts();
    const { status, body } = await upload('cities/commit', csv([['中文名', '国家', '纬度'], ['好城', 'NO', '60'], ['坏城', 'NO', '91']]));
    expect(status).toBe(400);
    expect(body.errors?.[0].message).toMatch(/^Nothing was imported: row 3: latitude/);
    expect(await snapshotCounts()).toBe(before);
  });

  it('names the candidates when a reference is ambiguous', async () => {
    await hub.query(`mutation { a: createCity(input: { names: { zh: "同名市", en: "Samename" }, countryCode: "FR" }) { id } b: createCity(input: { names: { zh: "同名市" }, countryCode: "BE" }) { id } }`);
    const { body } = await upload('organisations/dry-run', csv([['名称', '类型', '城市'], ['同名学校', 'SCHOOL', '同名市']]));
    expect(body.report?.errors[0]).toMatchObject({ row: 2, column: '城市' });
    expect(body.report?.errors[0].message).toMatch(/"同名市" is ambiguous: it names 2 City records: 同名市 \/ Samename \([0-9a-f-]{36}\); 同名市 \([0-9a-f-]{36}\)/);
  });

  it('commits all rows in one transaction with audit entries, and undoes the batch (deleting what it made, restoring what it changed)', async () => {
    const city = await hub.query(`mutation { createCity(input: { names: { zh: "撤销测试市", en: "Undo town" }, countryCode: "DE", province: "Niedersachsen" }) { id version } }`);
    const file = csv([
      ['中文名', '英文名', '国家', '省份', '别名'],
      ['撤销测试市', '', 'DE', 'Lower Saxony', 'UT；撤销市'],
      ['新建一市', 'New one', 'DE', '', ''],
      ['新建二市', 'New two', 'Germany', '', ''],
    ]);
    const auditBefore = await count('audit_entry', "action in ('CREATE', 'UPDATE')");
    const { status, body } = await upload('cities/commit', file, { fileName: 'cities.csv' });
    expect(status).toBe(200);
    expect(body.batch).toMatchObject({ created: 2, updated: 1, undoneAt: null });
    expect(await count('audit_entry', "action in ('CREATE', 'UPDATE')")).toBe(auditBefore + 3);
    // The batch's rows are audited in the request that committed it.
    expect(await count('audit_entry', 'request_id = (select request_id from import_batch where id = $1)', [body.batch?.id])).toBe(3);
    const changed = await hub.query(`query ($id: ID!) { city(id: $id) { province aliases version } }`, { id: city.createCity.id });
    expect(changed.city).toMatchObject({ province: 'Lower Saxony', aliases: ['UT', '撤销市'] });
    expect(await count('city', "name_zh in ('新建一市', '新建二市')")).toBe(2);

    const batches = await fetch(`${hub.url}/imports/batches`, { headers: { authorization: `Bearer ${token}` } }).then((response) => response.json() as Promise<{ batches: Array<Record<string, unknown>> }>);
    expect(batches.batches[0]).toMatchObject({ id: body.batch?.id, fileName: 'cities.csv', recordType: 'City' });

    const undo = await post(`batches/${body.batch?.id}/undo`);
    expect(undo.status).toBe(200);
    expect(undo.body.batch?.undoneAt).toBeTruthy();
    expect(await count('city', "name_zh in ('新建一市', '新建二市')")).toBe(0);
    const restored = await hub.query(`query ($id: ID!) { city(id: $id) { province aliases } }`, { id: city.createCity.id });
    expect(restored.city).toEqual({ province: 'Niedersachsen', aliases: [] });
    expect(await count('audit_entry', "action = 'DELETE' and record_type = 'City'")).toBeGreaterThanOrEqual(2);

    const again = await post(`batches/${body.batch?.id}/undo`);
    expect(again.status).toBe(409);
    expect(again.body.errors?.[0].message).toMatch(/already undone/);
  });

  it('refuses the undo, naming the records, when later edits touched them, and changes nothing', async () => {
    const { body } = await upload('cities/commit', csv([['中文名', '英文名', '国家'], ['后改市', 'Edited later', 'IT'], ['不改市', 'Untouched', 'IT']]));
    const batchId = body.batch?.id as string;
    const edited = await hub.query(`{ cities(filter: { q: "后改市" }) { items { id version } } }`);
    const { id, version } = edited.cities.items[0];
    await hub.query(`mutation ($id: ID!, $v: Int!) { updateCity(id: $id, input: { province: "Lazio" }, expectedVersion: $v) { id } }`, { id, v: version });
    const undo = await post(`batches/${batchId}/undo`);
    expect(undo.status).toBe(409);
    expect(undo.body.errors?.[0].extensions.code).toBe('CONFLICT');
    expect(undo.body.errors?.[0].message).toMatch(/cannot be undone: 1 of its records were changed after it: City 后改市 \/ Edited later/);
    expect(undo.body.errors?.[0].extensions.records).toEqual([expect.objectContaining({ id, row: 2 })]);
    expect(await count('city', "name_zh in ('后改市', '不改市')")).toBe(2);
  });

  it('imports relationships with both ends found by name', async () => {
    await hub.query(`mutation { createPerson(input: { names: { zh: "关系人甲", en: "Party A" }, category: FOREIGN_GUEST }) { id } createOrganisation(input: { names: { zh: "关系单位乙" }, kind: SCHOOL }) { id } }`);
    const { status, body } = await upload('relationships/commit', csv([['起点', '关系', '终点', '角色', '开始日期'], ['party a', 'WORKS_FOR', '关系单位乙', '校长', '2011/9/1']]), { columns: JSON.stringify({ 关系: 'kind' }) });
    expect(status).toBe(200);
    expect(body.batch?.created).toBe(1);
    const data = await hub.query(`{ relationships(filter: { q: "关系人甲" }) { items { kind role startDate from { displayName(lang: zh) } to { displayName(lang: zh) } } } }`);
    expect(data.relationships.items).toEqual([{ kind: 'WORKS_FOR', role: '校长', startDate: '2011-09-01', from: { displayName: '关系人甲' }, to: { displayName: '关系单位乙' } }]);
  });

  it('saves a named mapping and uses it', async () => {
    const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
    const saved = await fetch(`${hub.url}/imports/mappings/${encodeURIComponent('外办城市台账')}`, { method: 'PUT', headers, body: JSON.stringify({ recordType: 'City', columns: { 地名: 'names.zh', 所属国: 'country', 负责人: null } }) });
    expect(saved.status).toBe(200);
    const bad = await fetch(`${hub.url}/imports/mappings/bad`, { method: 'PUT', headers, body: JSON.stringify({ recordType: 'City', columns: { 地名: 'nonsense' } }) });
    expect(bad.status).toBe(400);
    const { body } = await upload('cities/dry-run', csv([['地名', '所属国', '负责人'], ['映射市', 'AT', '李四']]), { mapping: '外办城市台账' });
    expect(body.report?.ok).toBe(true);
    expect(body.report?.columns.map((column) => [column.header, column.key, column.how])).toEqual([
      ['地名', 'names.zh', 'mapping'],
      ['所属国', 'country', 'mapping'],
      ['负责人', null, 'ignored'],
    ]);
    expect(body.report?.unknownColumns).toEqual([]);
  });

  it('imports a 10,000-row file (dry run and commit)', async () => {
    const rows: Array<Array<string | number>> = [['中文名', 'English name', 'Country', 'Province', 'Latitude']];
    for (let index = 0; index < 10_000; index += 1) rows.push([`万行市${index}`, `Bulk town ${index}`, index % 2 ? 'NO' : '挪威', 'Vestland', 60 + (index % 10) / 10]);
    const file = csv(rows);
    const dry = await upload('cities/dry-run', file);
    expect(dry.body.report?.ok).toBe(true);
    expect(dry.body.report?.create).toBe(10_000);
    const commit = await upload('cities/commit', file);
    expect(commit.status).toBe(200);
    expect(commit.body.batch?.created).toBe(10_000);
    expect(await count('city', "name_zh like '万行市%'")).toBe(10_000);
  }, 300_000);
});

describe('cross-site requests', () => {
  /** A session cookie, as a signed-in browser holds it: what a page of another site would ride on. */
  async function sessionCookie(): Promise<string> {
    const response = await fetch(`${hub.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: 'mutation { login(username: "editor", password: "amity-demo") { token } }' }),
    });
    return response.headers.getSetCookie().find((line) => line.startsWith('amity_session='))!.split(';')[0];
  }

  it('refuses every state-changing import route sent as a form could send it (text/plain, form-encoded, multipart, no content type), with the session cookie, and writes nothing', async () => {
    const cookie = await sessionCookie();
    const file = csv([['中文名', '国家'], ['跨站市', 'NO']]);
    const made = await upload('cities/commit', csv([['中文名', '国家'], ['跨站撤销市', 'NO']]));
    expect(made.status).toBe(200);
    await fetch(`${hub.url}/imports/mappings/cross-site-kept`, { method: 'PUT', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify({ recordType: 'City', columns: { 地名: 'names.zh' } }) });
    const before = await snapshotCounts();
    const mappingsBefore = await count('import_mapping');
    const simple: Array<[string | null, string]> = [
      ['text/plain', file],
      ['text/plain;charset=UTF-8', file],
      ['application/x-www-form-urlencoded', `file=${encodeURIComponent(file)}`],
      ['multipart/form-data; boundary=x', `--x\r\nContent-Disposition: form-data; name="file"; filename="a.csv"\r\nContent-Type: text/csv\r\n\r\n${file}\r\n--x--\r\n`],
      [null, file],
      ['', file],
    ];
    const routes: Array<[string, string]> = [
      ['POST', 'cities/commit'],
      ['POST', 'cities/dry-run'],
      ['POST', `batches/${made.body.batch?.id}/undo`],
      ['PUT', 'mappings/cross-site-made'],
      ['DELETE', 'mappings/cross-site-kept'],
    ];
    for (const [method, path] of routes) {
      for (const [type, body] of simple) {
        const headers: Record<string, string> = { cookie, origin: 'https://evil.example' };
        if (type !== null) headers['content-type'] = type;
        // Bytes, not a string: fetch would add text/plain itself, and "no content type" must be just that.
        const response = await fetch(`${hub.url}/imports/${path}`, { method, headers, ...(method === 'DELETE' ? {} : { body: new TextEncoder().encode(body) }) });
        const answer = (await response.json()) as Answer['body'];
        expect(response.status, `${method} ${path} as ${type}: ${JSON.stringify(answer)}`).toBe(400);
        expect(answer.errors?.[0].extensions.code).toBe('BAD_USER_INPUT');
        expect(answer.errors?.[0].message).toMatch(/^Refused as a possible cross-site request: a (POST|PUT|DELETE) must have a Content-Type other than text\/plain, application\/x-www-form-urlencoded, multipart\/form-data .*or a non-empty X-Amity-CSRF header/);
      }
    }
    expect(await snapshotCounts()).toBe(before);
    expect(await count('import_mapping')).toBe(mappingsBefore);
    expect(await count('import_batch', 'undone_at is null and id = $1', [made.body.batch?.id])).toBe(1);
    // A header with an empty value forces no preflight either.
    const empty = await fetch(`${hub.url}/imports/batches/${made.body.batch?.id}/undo`, { method: 'POST', headers: { cookie, 'x-amity-csrf': '' } });
    expect(empty.status).toBe(400);
    expect(await count('import_batch', 'undone_at is null and id = $1', [made.body.batch?.id])).toBe(1);
  });

  it('accepts the way the admin sends, with the same cookie: the file with its own type, the X-Amity-CSRF header on every change', async () => {
    const cookie = await sessionCookie();
    // The admin sends the file's own type (text/csv; a type-less file as application/octet-stream) and the header.
    const file = csv([['中文名', '国家'], ['同站市', 'NO']]);
    const headers = { cookie, 'x-amity-csrf': '1' };
    const commit = await fetch(`${hub.url}/imports/cities/commit`, { method: 'POST', headers: { ...headers, 'content-type': 'text/csv' }, body: file });
    expect(commit.status).toBe(200);
    const { batch } = (await commit.json()) as Answer['body'];
    // A file the browser calls text/plain passes with the header.
    const plain = await fetch(`${hub.url}/imports/cities/dry-run`, { method: 'POST', headers: { ...headers, 'content-type': 'text/plain' }, body: csv([['中文名', '国家'], ['纯文本市', 'NO']]) });
    expect(plain.status).toBe(200);
    const saved = await fetch(`${hub.url}/imports/mappings/same-site`, { method: 'PUT', headers: { ...headers, 'content-type': 'application/json' }, body: JSON.stringify({ recordType: 'City', columns: { 地名: 'names.zh' } }) });
    expect(saved.status).toBe(200);
    expect((await fetch(`${hub.url}/imports/mappings/same-site`, { method: 'DELETE', headers })).status).toBe(200);
    const undo = await fetch(`${hub.url}/imports/batches/${batch?.id}/undo`, { method: 'POST', headers });
    expect(undo.status).toBe(200);
    expect(await count('city', "name_zh = '同站市'")).toBe(0);
    // Apollo's own preflight headers are taken too, so that one rule holds on /graphql and beside it.
    const apolloHeader = await fetch(`${hub.url}/imports/cities/dry-run`, { method: 'POST', headers: { cookie, 'apollo-require-preflight': 'true' }, body: new TextEncoder().encode(file) });
    expect(apolloHeader.status).toBe(200);
  });
});
