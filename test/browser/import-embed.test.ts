import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { adminSession } from './admin-session.js';
import { parseCsv } from '../support/csv.js';

/**
 * The admin's spreadsheet pages and its embed page in real Chromium, on a real hub with the demo data: the import
 * wizard (upload, mapping, dry-run report, commit, undo), the export buttons of a list (with its filter), and the
 * Embed page (a key for an origin, a widget live, its snippet).
 * Every request that is not to the hub fails the test.
 */

const session = adminSession('editor');
const { open, at } = session;
let files: string;

beforeAll(() => {
  files = mkdtempSync(path.join(tmpdir(), 'amity-import-browser-'));
});

afterAll(() => {
  if (files) rmSync(files, { recursive: true, force: true });
});

/** A CSV file as Excel users write them (UTF-8 here), made for the test. */
function csvFile(name: string, lines: string[]): string {
  const file = path.join(files, name);
  writeFileSync(file, `${lines.join('\r\n')}\r\n`, 'utf8');
  return file;
}


/** The rows of the cities list on screen. */
const listRows = (page: Page) => page.locator('tbody tr.RaDatagrid-row');

/** Filters the cities list by its search box and waits until the list shows the filter. */
async function searchCities(page: Page, text: string) {
  await page.goto(`${session.hub().url}/admin/#/City`);
  await page.locator('input[name="q"]').fill(text);
  await expect.poll(() => decodeURIComponent(page.url())).toContain(`"q":"${text}"`);
}

describe('the import wizard, list exports and the embed page in Chromium', { timeout: 150_000 }, () => {
  it('imports cities from a CSV with Chinese headers: mapping, dry-run report, commit, the list, undo', async () => {
    const { page } = await open('editor');
    // The menu has the wizard for an editor (and not the embed page, which is for admins).
    await page.getByRole('menuitem', { name: '导入表格' }).click();
    await at(page, /#\/import$/);
    expect(await page.getByRole('menuitem', { name: '嵌入组件' }).count()).toBe(0);
    await expect.poll(() => page.getByTestId('import-type').inputValue()).toBe('cities');

    // A file with one bad row: the report names it by its line in the file (the header is line 1).
    const bad = csvFile('友城-有误.csv', ['中文名,英文名,国家', '测试城甲,Testville Alpha,JP', '测试城乙,Testville Beta,DE', '测试城丙,Testville Gamma,亚特兰蒂斯']);
    await page.getByTestId('import-file').setInputFiles(bad);
    // The hub's answer held back a moment (the first one only; the held promise stays resolved after): the wizard
    // shows it is busy and takes no second click meanwhile.
    let release = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    await page.route('**/imports/cities/dry-run*', async (route) => {
      await held;
      await route.fallback();
    });
    await page.getByTestId('import-dry-run').click();
    await page.getByTestId('import-busy').waitFor();
    expect(await page.getByTestId('import-busy').innerText()).toMatch(/Uploading|Reading and checking/);
    expect(await page.getByTestId('import-dry-run').isDisabled()).toBe(true);
    release();
    const report = page.getByTestId('import-report');
    await report.waitFor();
    // The mapping: each Chinese header with the field it fills.
    const columns = page.getByTestId('import-columns');
    await expect.poll(() => columns.locator('tbody tr').count()).toBe(3);
    const mapped = await columns.locator('tbody tr').evaluateAll((rows) =>
      rows.map((row) => [row.querySelector('td')?.textContent ?? '', (row.querySelector('input') as unknown as { value: string } | null)?.value ?? '']),
    );
    expect(mapped).toEqual([
      ['中文名', 'names.zh'],
      ['英文名', 'names.en'],
      ['国家', expect.stringMatching(/^country/)],
    ]);
    expect(await report.locator('.MuiAlert-message').first().innerText()).toMatch(/3 rows: 3 to create, 0 to update/);
    const errorRows = await page.getByTestId('import-errors').locator('tbody tr').evaluateAll((rows) => rows.map((row) => [...row.querySelectorAll('td')].map((cell) => cell.textContent ?? '')));
    expect(errorRows).toHaveLength(1);
    expect(errorRows[0][0]).toBe('4');
    expect(errorRows[0][1]).toBe('国家');
    expect(errorRows[0][2]).toContain('亚特兰蒂斯');
    // With an error there is nothing to commit.
    expect(await page.getByTestId('import-commit').count()).toBe(0);

    // The corrected file: its dry run is clean, then the import.
    const good = csvFile('友城.csv', ['中文名,英文名,国家', '测试城甲,Testville Alpha,JP', '测试城乙,Testville Beta,DE']);
    await page.getByTestId('import-file').setInputFiles(good);
    await page.getByTestId('import-dry-run').click();
    await expect.poll(() => report.locator('.MuiAlert-message').first().innerText()).toMatch(/2 rows: 2 to create, 0 to update\. Ready to import/);
    expect(await page.getByTestId('import-errors').count()).toBe(0);
    await page.getByTestId('import-commit').click();
    await expect.poll(() => page.getByTestId('import-done').innerText()).toContain('Imported: 2 created, 0 updated');
    expect(await page.getByTestId('import-busy').count()).toBe(0);

    // The new cities are in the list.
    await searchCities(page, 'Testville');
    await expect.poll(async () => (await listRows(page).allInnerTexts()).map((row) => row.trim().split(/\s/)[0])).toEqual(['测试城甲', '测试城乙']);
    const shown = (await listRows(page).allInnerTexts()).join('\n');
    expect(shown).toContain('测试城甲');
    expect(shown).toContain('测试城乙');

    // Undo from the wizard's recent imports: they are gone.
    await page.getByRole('menuitem', { name: '导入表格' }).click();
    await at(page, /#\/import$/);
    const batch = page.getByTestId('import-batches').locator('tr', { hasText: '友城.csv' }).first();
    await batch.getByRole('button', { name: /Undo/ }).click();
    await expect.poll(() => batch.innerText()).toContain('undone by editor');
    await searchCities(page, 'Testville');
    await expect.poll(() => page.locator('main').innerText()).toMatch(/暂无|没有/);
    await expect.poll(() => listRows(page).count()).toBe(0);
    const left = await session.hub().query<{ cities: { total: number } }>('{ cities(filter: { q: "Testville" }) { total } }');
    expect(left.cities.total).toBe(0);
  });

  it('exports the cities list as CSV with its filter and sort; only real filter keys reach the hub', async () => {
    const { page } = await open('editor');
    const exportRequests: string[] = [];
    page.on('request', (request) => {
      if (request.url().includes('/exports/')) exportRequests.push(request.url());
    });
    await searchCities(page, '南');
    await expect.poll(() => listRows(page).count()).toBeGreaterThan(1);
    // react-admin also keeps form-only values in the list's filter: they must not reach the export (a 400).
    await page.goto(`${session.hub().url}/admin/#/City?filter=${encodeURIComponent(JSON.stringify({ q: '南', 'names.zh': '', notAFilterKey: 'x' }))}&sort=displayName&order=ASC`);
    await expect.poll(() => listRows(page).count()).toBeGreaterThan(1);

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-csv').click()]);
    expect(download.suggestedFilename()).toMatch(/^amity-cities-\d{4}-\d{2}-\d{2}\.csv$/);
    const saved = path.join(files, 'export.csv');
    await download.saveAs(saved);
    const rows = parseCsv(readFileSync(saved, 'utf8').replace(/^\uFEFF/, ''));
    const header = rows[0];
    expect(header[0]).toBe('id');
    const body = rows.slice(1).filter((row) => row.some((cell) => cell !== ''));

    const expected = await session.hub().query<{ cities: { total: number; items: Array<{ id: string; names: { zh: string } }> } }>(
      '{ cities(filter: { q: "南" }, sort: [{ field: names_zh, order: ASC }], perPage: 500) { total items { id names { zh } } } }',
    );
    expect(expected.cities.total).toBeGreaterThan(1);
    const all = await session.hub().query<{ cities: { total: number } }>('{ cities { total } }');
    expect(expected.cities.total).toBeLessThan(all.cities.total);
    expect(body.map((row) => row[0])).toEqual(expected.cities.items.map((city) => city.id));
    const zhColumn = header.findIndex((name) => /names\.zh|中文名/.test(name));
    expect(zhColumn).toBeGreaterThan(0);
    for (const row of body) expect(row[zhColumn]).toContain('南');

    // The address sent: the list query's own filter (and sort), nothing else.
    expect(exportRequests).toHaveLength(1);
    const sent = new URL(exportRequests[0]);
    expect(JSON.parse(sent.searchParams.get('filter') ?? '{}')).toEqual({ q: '南' });
    expect(JSON.parse(sent.searchParams.get('sort') ?? '[]')).toEqual([{ field: 'names_zh', order: 'ASC' }]);
    // The Excel button exports the same list.
    const xlsx = new URL(await page.getByTestId('export-xlsx').getAttribute('data-href') ?? '', session.hub().url);
    expect(xlsx.pathname).toBe('/exports/cities.xlsx');
    expect(JSON.parse(xlsx.searchParams.get('filter') ?? '{}')).toEqual({ q: '南' });
  });

  it('as admin: the Embed page makes a key for an origin, shows a widget live and gives its snippet', async () => {
    const { browser, page } = await open('admin');
    await browser.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: session.hub().url });
    await page.getByRole('menuitem', { name: '嵌入组件' }).click();
    await at(page, /#\/embed$/);

    await page.getByLabel('Name').fill('浏览器测试');
    await page.getByLabel('Office').fill('Tourism Bureau');
    await page.getByLabel('Allowed origins').fill('https://tourism.example.gov.cn');
    await page.getByRole('button', { name: 'Make key' }).click();
    const secret = page.locator('.MuiAlert-message code');
    await secret.waitFor();
    const key = await secret.innerText();
    expect(key).toMatch(/^amity_wk_/);
    await expect.poll(() => page.locator('body').innerText()).toContain('https://tourism.example.gov.cn');
    const listed = await session.hub().query<{ widgetKeys: Array<{ name: string; allowedOrigins: string[] }> }>('{ widgetKeys { name allowedOrigins } }');
    expect(listed.widgetKeys.find((item) => item.name === '浏览器测试')?.allowedOrigins).toEqual(['https://tourism.example.gov.cn']);

    // Pick a widget and its options: it shows live, with the demo data.
    await page.getByRole('combobox', { name: 'Widget' }).click();
    await page.getByRole('option', { name: 'sister-cities' }).click();
    await page.getByRole('combobox', { name: 'Language' }).click();
    await page.getByRole('option', { name: 'English' }).click();
    const box = page.locator('[data-testid="embed-preview"] amity-sister-cities .box:not([data-state="loading"])');
    await box.waitFor();
    expect(await page.locator('[data-testid="embed-preview"] amity-sister-cities').getAttribute('key')).toBe(key);
    expect(await box.innerText()).toContain('Takamatsu');

    // The snippet, as the page shows it and as Copy puts it on the clipboard.
    const snippet = await page.locator('pre').first().innerText();
    expect(snippet).toContain(`<script src="${session.hub().url}/widgets/amity-widgets.js" defer></script>`);
    expect(snippet).toContain(`<amity-sister-cities key="${key}" lang="en"></amity-sister-cities>`);
    await page.getByRole('button', { name: 'Copy' }).first().click();
    await expect.poll(() => page.evaluate(() => (globalThis as unknown as { navigator: { clipboard: { readText(): Promise<string> } } }).navigator.clipboard.readText())).toBe(snippet);
    const iframe = await page.locator('pre').nth(1).innerText();
    expect(iframe).toContain(`src="${session.hub().url}/embed/sister-cities?key=${key}&amp;lang=en"`);
  });

  it('keeps the embed page for admins: an editor gets a notice, not the keys; the menu in English', async () => {
    const { page } = await open('editor');
    await page.goto(`${session.hub().url}/admin/#/embed`);
    await page.getByTestId('role-refused').waitFor();
    expect(await page.getByRole('button', { name: 'Make key' }).count()).toBe(0);
    // The menu entry in English too (an editor has the import page only).
    await page.getByRole('button', { name: '中文' }).click();
    await page.getByRole('menuitem', { name: 'English' }).click();
    await expect.poll(() => page.getByRole('menuitem', { name: 'Import', exact: true }).count()).toBe(1);
    expect(await page.getByRole('menuitem', { name: 'Embed widgets' }).count()).toBe(0);
    await expect.poll(() => page.getByTestId('role-refused').innerText()).toBe('This page is not open to your role.');
  });
});
