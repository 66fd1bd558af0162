import { readFileSync } from 'node:fs';
import { crc32, deflateRawSync, inflateRawSync } from 'node:zlib';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHub, type Hub } from '../support/hub.js';

/**
 * Imports bounded by what a file holds, not only by its size: rows, columns, cells, the bytes an XLSX inflates to and
 * its compression ratio, each checked while the file is read; and reading a large file never stalls the hub.
 */

const LIMITS = { rows: 30_000, columns: 30, cells: 300_000, inflatedBytes: 30 * 1024 * 1024, ratio: 100 };
const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

let hub: Hub;
let token: string;

interface Refusal {
  message: string;
  extensions: { code: string; limit?: string; allowed?: number; fields?: Array<{ field: string; message: string }> };
}

async function upload(path: string, body: Buffer | string, type: string): Promise<{ status: number; body: { report?: { ok: boolean; rows: number }; errors?: Refusal[] } }> {
  const response = await fetch(`${hub.url}/imports/${path}`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': type }, body: typeof body === 'string' ? body : new Uint8Array(body) });
  return { status: response.status, body: (await response.json()) as never };
}

async function tableCounts(): Promise<string> {
  const { rows } = await hub.db.query(`select (select count(*) from city) || ',' || (select count(*) from import_batch) || ',' || (select count(*) from audit_entry) as counts`);
  return rows[0].counts as string;
}

/** A zip written part by part, so that a test can make one lie about itself; `declared` overrides a part's stated size. */
function zip(parts: Array<{ name: string; data: Buffer; declared?: number; stored?: boolean }>): Buffer {
  const locals: Buffer[] = [];
  const directory: Buffer[] = [];
  let offset = 0;
  for (const part of parts) {
    const name = Buffer.from(part.name);
    const body = part.stored ? part.data : deflateRawSync(part.data);
    const size = part.declared ?? part.data.length;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(part.stored ? 0 : 8, 8);
    local.writeUInt32LE(crc32(part.data), 14);
    local.writeUInt32LE(body.length, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(part.stored ? 0 : 8, 10);
    central.writeUInt32LE(crc32(part.data), 16);
    central.writeUInt32LE(body.length, 20);
    central.writeUInt32LE(size, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, body);
    directory.push(central, name);
    offset += local.length + name.length + body.length;
  }
  const size = directory.reduce((sum, part) => sum + part.length, 0);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(parts.length, 8);
  end.writeUInt16LE(parts.length, 10);
  end.writeUInt32LE(size, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, ...directory, end]);
}

/** A real workbook's parts (exceljs writes them), to build hostile variants of. */
async function workbookParts(rows: unknown[][]): Promise<Array<{ name: string; data: Buffer }>> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('城市');
  for (const row of rows) sheet.addRow(row);
  return unzip(Buffer.from(await workbook.xlsx.writeBuffer()));
}

/** The parts of a zip, read through its central directory (exceljs writes no ZIP64 and no comment). */
function unzip(file: Buffer): Array<{ name: string; data: Buffer }> {
  const end = file.length - 22;
  const parts: Array<{ name: string; data: Buffer }> = [];
  let at = file.readUInt32LE(end + 16);
  for (let index = 0; index < file.readUInt16LE(end + 10); index += 1) {
    const method = file.readUInt16LE(at + 10);
    const compressed = file.readUInt32LE(at + 20);
    const nameLength = file.readUInt16LE(at + 28);
    const local = file.readUInt32LE(at + 42);
    const start = local + 30 + file.readUInt16LE(local + 26) + file.readUInt16LE(local + 28);
    const body = file.subarray(start, start + compressed);
    parts.push({ name: file.toString('utf8', at + 46, at + 46 + nameLength), data: method === 8 ? inflateRawSync(body) : Buffer.from(body) });
    at += 46 + nameLength + file.readUInt16LE(at + 30) + file.readUInt16LE(at + 32);
  }
  return parts;
}

/** A worksheet's XML of `rows` rows of `columns` cells, numbers that compress about as well as a ledger's. */
function sheetXml(rows: number, columns: number): Buffer {
  const lines = ['<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'];
  let seed = 7;
  for (let row = 1; row <= rows; row += 1) {
    const cells: string[] = [];
    for (let column = 0; column < columns; column += 1) {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      cells.push(`<c r="${String.fromCharCode(65 + column)}${row}"><v>${seed}</v></c>`);
    }
    lines.push(`<row r="${row}">${cells.join('')}</row>`);
  }
  lines.push('</sheetData></worksheet>');
  return Buffer.from(lines.join(''));
}

function replaced(parts: Array<{ name: string; data: Buffer }>, name: string, part: { data: Buffer; declared?: number; stored?: boolean }) {
  return parts.map((candidate) => (candidate.name === name ? { name, ...part } : candidate));
}

beforeAll(async () => {
  hub = await startHub({
    template: 'empty',
    env: {
      AMITY_MAX_IMPORT_ROWS: String(LIMITS.rows),
      AMITY_MAX_IMPORT_COLUMNS: String(LIMITS.columns),
      AMITY_MAX_IMPORT_CELLS: String(LIMITS.cells),
      AMITY_MAX_IMPORT_INFLATED_BYTES: String(LIMITS.inflatedBytes),
      AMITY_MAX_IMPORT_RATIO: String(LIMITS.ratio),
    },
  });
  token = await hub.login('admin');
}, 120_000);

afterAll(async () => {
  await hub?.stop();
});

describe('files over a limit are refused while they are read, naming the limit, and nothing is written', () => {
  /** Each hostile file is sent to the dry run and the commit: both refuse it with its own message, and nothing changes. */
  async function expectRefused(file: Buffer | string, type: string, limit: string | null, message: RegExp): Promise<void> {
    const before = await tableCounts();
    for (const mode of ['dry-run', 'commit']) {
      const answer = await upload(`cities/${mode}`, file, type);
      expect(answer.status, JSON.stringify(answer.body).slice(0, 500)).toBe(400);
      const error = answer.body.errors?.[0] as Refusal;
      expect(error.extensions.code).toBe('BAD_USER_INPUT');
      expect(error.message).toMatch(message);
      expect(error.extensions.fields).toEqual([{ field: 'file', message: expect.stringMatching(message) }]);
      if (limit) expect(error.extensions.limit).toBe(limit);
    }
    expect(await tableCounts()).toBe(before);
  }

  it('a CSV with one row too many', async () => {
    // Every row has a bad latitude: the report comes without a database check of each row, in seconds.
    const lines = ['中文名,国家,纬度'];
    for (let index = 1; index < LIMITS.rows; index += 1) lines.push(`行数市${index},NO,north`);
    // At the limit exactly it is read; one more row and it is refused.
    const atLimit = await upload('cities/dry-run', `${lines.join('\n')}\n`, 'text/csv');
    expect(atLimit.status).toBe(200);
    expect(atLimit.body.report?.rows).toBe(LIMITS.rows - 1);
    lines.push('多一行市,NO,north');
    await expectRefused(`${lines.join('\n')}\n`, 'text/csv', 'AMITY_MAX_IMPORT_ROWS', /more than 30000 rows, and the limit is 30000 \(AMITY_MAX_IMPORT_ROWS\)/);
  }, 120_000);

  it('a CSV row with too many columns, and one so long it is refused before its end is read', async () => {
    const wide = ['中文名,国家,' + Array.from({ length: LIMITS.columns - 1 }, (_, index) => `c${index}`).join(','), '宽市,NO'].join('\n');
    await expectRefused(wide, 'text/csv', 'AMITY_MAX_IMPORT_COLUMNS', /a row reaches column 31, and the limit is 30 \(AMITY_MAX_IMPORT_COLUMNS\)/);
    await expectRefused(`中文名,国家\n长市,${','.repeat(1_000_000)}\n`, 'text/csv', 'AMITY_MAX_IMPORT_COLUMNS', /a row reaches column 31\b/);
  });

  it('a CSV within the rows and columns limits whose grid is over the cells limit', async () => {
    const lines: string[] = [];
    for (let index = 0; index < 20_001; index += 1) lines.push(Array.from({ length: 16 }, (_, column) => (index === 0 ? `h${column}` : String(column))).join(','));
    await expectRefused(lines.join('\n'), 'text/csv', 'AMITY_MAX_IMPORT_CELLS', /the file holds at least 300016 cells \(rows × columns\), and the limit is 300000 \(AMITY_MAX_IMPORT_CELLS\)/);
  });

  it('an XLSX with too many rows, counted as its sheet inflates', async () => {
    const parts = await workbookParts([['中文名', '国家']]);
    const file = zip(replaced(parts, 'xl/worksheets/sheet1.xml', { data: sheetXml(LIMITS.rows + 1, 2) }));
    await expectRefused(file, XLSX_TYPE, 'AMITY_MAX_IMPORT_ROWS', /a sheet has more than 30000 rows/);
  });

  it('an XLSX with one cell far to the right (every row would be that wide)', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('城市');
    sheet.addRow(['中文名', '国家']);
    sheet.addRow(['远列市', 'NO']);
    sheet.getCell('XFD2').value = 'far';
    await expectRefused(Buffer.from(await workbook.xlsx.writeBuffer()), XLSX_TYPE, 'AMITY_MAX_IMPORT_COLUMNS', /a row reaches column 16384/);
  });

  it('a zip bomb: a small part that inflates a thousand times, refused from its declared size before it is inflated', async () => {
    const parts = await workbookParts([['中文名', '国家']]);
    const bomb = Buffer.alloc(100 * 1024 * 1024, 0x20);
    const file = zip(replaced(parts, 'xl/sharedStrings.xml', { data: bomb }));
    expect(file.length).toBeLessThan(300_000);
    await expectRefused(file, XLSX_TYPE, 'AMITY_MAX_IMPORT_RATIO', /the part xl\/sharedStrings\.xml inflates 1\d{3} times .* and the limit is 100 \(AMITY_MAX_IMPORT_RATIO\)/);
  });

  it('a zip bomb that lies: its part declares a thousand bytes and inflates to 100 MB, stopped once past what it declared', async () => {
    const parts = await workbookParts([['中文名', '国家']]);
    const file = zip(replaced(parts, 'xl/worksheets/sheet1.xml', { data: Buffer.alloc(100 * 1024 * 1024, 0x20), declared: 1000 }));
    await expectRefused(file, XLSX_TYPE, null, /not a readable \.xlsx workbook: its part xl\/worksheets\/sheet1\.xml inflates past the 1000 bytes its zip directory declares/);
  });

  it('a part declaring more than it holds, and a stored part whose two sizes differ', async () => {
    const parts = await workbookParts([['中文名', '国家'], ['申报市', 'NO']]);
    const sheet = parts.find((part) => part.name === 'xl/worksheets/sheet1.xml') as { data: Buffer };
    const overstated = zip(replaced(parts, 'xl/worksheets/sheet1.xml', { data: sheet.data, declared: sheet.data.length + 5000 }));
    await expectRefused(overstated, XLSX_TYPE, null, new RegExp(`inflates to ${sheet.data.length} bytes, not the ${sheet.data.length + 5000} its zip directory declares`));
    const stored = zip(replaced(parts, 'xl/worksheets/sheet1.xml', { data: sheet.data, stored: true, declared: sheet.data.length * 50 }));
    await expectRefused(stored, XLSX_TYPE, null, /stored part xl\/worksheets\/sheet1\.xml declares two different sizes/);
  });

  it('parts that inflate, at an ordinary ratio, past the inflated-bytes limit all together', async () => {
    const parts = await workbookParts([['中文名', '国家']]);
    // Four sheets of about 8 MB each: each within the ratio, together over 30 MB.
    const big = sheetXml(14_000, 26);
    const extra = [2, 3, 4, 5].map((index) => ({ name: `xl/worksheets/sheet${index}.xml`, data: big }));
    const file = zip([...parts, ...extra]);
    expect(file.length).toBeLessThan(20 * 1024 * 1024);
    await expectRefused(file, XLSX_TYPE, 'AMITY_MAX_IMPORT_INFLATED_BYTES', /the workbook's parts declare \d+ bytes inflated, and the limit is 31457280 \(AMITY_MAX_IMPORT_INFLATED_BYTES\)/);
  });

  it('a damaged zip: no directory, or a directory pointing nowhere', async () => {
    const parts = await workbookParts([['中文名', '国家'], ['坏市', 'NO']]);
    const file = zip(parts);
    await expectRefused(file.subarray(0, file.length - 30), XLSX_TYPE, null, /not a readable \.xlsx workbook: its zip directory is missing/);
    const pointing = Buffer.from(file);
    pointing.writeUInt32LE(pointing.length, pointing.length - 6);
    await expectRefused(pointing, XLSX_TYPE, null, /not a readable \.xlsx workbook: its zip directory points outside the file/);
  });

  it('random damage to a real workbook is a clear refusal or a report, never a server error', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('城市');
    sheet.addRow(['中文名', '国家']);
    for (let index = 0; index < 50; index += 1) sheet.addRow([`损坏市${index}`, 'NO']);
    const good = Buffer.from(await workbook.xlsx.writeBuffer());
    let seed = 11;
    for (let attempt = 0; attempt < 30; attempt += 1) {
      const damaged = Buffer.from(good);
      for (let flip = 0; flip < 4; flip += 1) {
        seed = (seed * 1103515245 + 12345) % 2147483648;
        damaged[4 + (seed % (damaged.length - 4))] ^= 0xff;
      }
      const answer = await upload('cities/dry-run', damaged, XLSX_TYPE);
      expect([200, 400], JSON.stringify(answer.body).slice(0, 300)).toContain(answer.status);
    }
  }, 60_000);
});

describe('a large import leaves the hub answering', () => {
  it('/healthz answers promptly all through a large (allowed) XLSX import, and the hub stays under 600 MB', async () => {
    // 8,000 rows of 10 columns (80,000 cells, within the limits): read on the hub's own thread, as exceljs reads
    // it, this stalled the hub for about two seconds. Every row has one bad cell, so the report comes without a
    // database check of each row, in seconds.
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('城市');
    sheet.addRow(['中文名', '英文名', '国家', '省份', '纬度', '经度', '备注', '别名', '网站', '拼音']);
    for (let index = 0; index < 8_000; index += 1) {
      sheet.addRow([`大表市${index}`, `Large town ${index}`, 'NO', `省${index % 50}`, 'north', 10 + (index % 100) / 100, `第${index}行`, `别名${index}`, `https://town${index}.example.no`, `dabiao${index}`]);
    }
    const file = Buffer.from(await workbook.xlsx.writeBuffer());
    const rss = () => Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${hub.process.pid}/status`, 'utf8'))?.[1]) * 1024;
    const health = async () => {
      const start = performance.now();
      await (await fetch(`${hub.url}/healthz`)).text();
      return performance.now() - start;
    };
    const idle: number[] = [];
    for (let index = 0; index < 50; index += 1) idle.push(await health());
    const latencies: number[] = [];
    let peakRss = rss();
    let running = true;
    const importing = upload('cities/dry-run', file, XLSX_TYPE).finally(() => {
      running = false;
    });
    while (running) {
      latencies.push(await health());
      peakRss = Math.max(peakRss, rss());
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const answer = await importing;
    expect(answer.status).toBe(200);
    expect(answer.body.report?.rows).toBe(8_000);
    expect(latencies.length).toBeGreaterThan(20);
    const worst = Math.max(...latencies);
    // What a busy machine adds to every request, shown beside the import's figures when the assertion fails.
    const measured = `${latencies.length} health checks during the import, worst ${worst.toFixed(0)} ms (before it, idle: ${Math.max(...idle).toFixed(0)} ms); hub RSS at most ${(peakRss / 1024 / 1024).toFixed(0)} MB`;
    process.stdout.write(`\nimport latency: ${measured}\n`);
    // The goal is 100 ms (met on a quiet machine; the figure above says what this run saw). Timings on a shared
    // machine are not asserted that closely: the bound is what tells a hub that keeps answering (tens of ms, more
    // when other processes take the cores) from one whose thread parses the file (two seconds and more).
    expect(worst, measured).toBeLessThan(500);
    expect(peakRss, measured).toBeLessThan(600 * 1024 * 1024);
  }, 120_000);
});
