import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { adminSession } from './admin-session.js';
import { openRow } from './browser.js';

/**
 * The staff admin in real Chromium, served by a real hub on the demo data: what office staff do with it.
 * Each test opens its own browser profile; every request that is not to the hub fails the test.
 */

const session = adminSession('editor');
const { open, at } = session;

const go = (page: Page, route: string) => page.goto(`${session.hub().url}/admin/#${route}`);

/** Clicks a link by its text inside the current page (record links, list rows). */
async function follow(page: Page, text: string | RegExp) {
  await page.getByRole('link', { name: text }).first().click();
}


/** Picks a value of a select input, found by its label. */
async function choose(page: Page, label: string, option: RegExp) {
  await page.getByRole('combobox', { name: label }).click();
  await pickOption(page, option);
}

async function pickOption(page: Page, text: string | RegExp) {
  await page.getByRole('option', { name: text }).first().click();
}

describe('the staff admin in Chromium', { timeout: 120_000 }, () => {
  it('signs in, finds Nanchang and follows sister city → exchange → school → delegation', async () => {
    const { page } = await open();
    await page.getByRole('menuitem', { name: '城市', exact: true }).click();
    await page.locator('input[name="q"]').fill('Nanchang');
    await expect.poll(() => page.locator('.RaDatagrid-row, .MuiTableBody-root tr').count()).toBeGreaterThan(0);
    await openRow(page, '南昌');
    await at(page, /#\/City\/[^/]+\/show/);

    // The city's partnerships, among them Takamatsu's.
    await page.getByRole('tab', { name: '关系' }).click();
    await expect.poll(() => page.getByTestId('relationships').textContent()).toContain('高松');
    await page.getByRole('tab', { name: '概要' }).click();
    await follow(page, /南昌.高松/);
    await at(page, /#\/Partnership\//);
    // Takamatsu's partnership runs the yearly middle-school student exchange: follow it to the schools and to
    // the 18th delegation they sent.
    await follow(page, /中学生访问团/);
    await at(page, /#\/Exchange\//);
    await page.getByTestId('embedded-participants').getByRole('link', { name: /高松市立中学/ }).click();
    await at(page, /#\/Organisation\//);
    await follow(page, /第18批中学生访问团/);
    await at(page, /#\/Delegation\/[^/]+\/show/);
    await expect.poll(() => page.locator('main').textContent()).toContain('高松市立中学');

    // And the Peine district line to the Nanchang school that went there.
    await go(page, '/City');
    await page.locator('input[name="q"]').fill('南昌');
    await openRow(page, '南昌');
    await follow(page, /南昌.派尼地区/);
    await at(page, /#\/Partnership\//);
    await follow(page, /三中/);
    await at(page, /#\/Exchange\//);
    await page.getByTestId('embedded-participants').getByRole('link', { name: /南昌三中/ }).click();
    await at(page, /#\/Organisation\//);
    await follow(page, /代表团/);
    await at(page, /#\/Delegation\/[^/]+\/show/);
    await expect.poll(() => page.locator('main').textContent()).toContain('南昌三中');
  });

  it('creates a delegation with members, then edits it; the history shows both', async () => {
    const { page } = await open();
    await go(page, '/Delegation/create');
    await page.locator('input[name="names.zh"]').fill('测试代表团');
    await page.locator('input[name="names.en"]').fill('Browser test delegation');
    await choose(page, '方向', /来访/);
    await choose(page, '渠道', /商务/);
    await page.locator('input[name="headcount"]').fill('5');
    await page.locator('input[name="startDate"]').fill('2026-05-04');
    const members = page.getByRole('combobox', { name: '成员' });
    await members.fill('濮');
    await pickOption(page, /濮键/);
    await members.fill('Luo');
    await pickOption(page, /Luo|罗/);
    await page.getByRole('button', { name: '保存' }).click();
    await at(page, /#\/Delegation\/[^/]+\/show/);
    await expect.poll(() => page.locator('main').textContent()).toContain('测试代表团');
    await expect.poll(() => page.locator('main').textContent()).toContain('濮键');

    await page.getByRole('link', { name: '编辑' }).click();
    await at(page, /#\/Delegation\/[^/]+$/);
    await page.locator('input[name="headcount"]').fill('7');
    await page.locator('input[name="names.en"]').fill('Browser test delegation, edited');
    await page.getByRole('button', { name: '保存' }).click();
    await at(page, /#\/Delegation\/[^/]+\/show/);
    await expect.poll(() => page.locator('main').textContent()).toContain('7');
    await page.getByRole('tab', { name: '历史' }).click();
    await expect.poll(() => page.getByTestId('history').locator('tbody tr').count()).toBe(2);
  });

  it('shows the server validation message at its field and keeps what was typed', async () => {
    const { page } = await open();
    await go(page, '/Delegation/create');
    await page.locator('input[name="names.zh"]').fill('人数不足的代表团');
    await choose(page, '方向', /来访/);
    await choose(page, '渠道', /商务/);
    await page.locator('input[name="headcount"]').fill('1');
    const members = page.getByRole('combobox', { name: '成员' });
    await members.fill('濮');
    await pickOption(page, /濮键/);
    await members.fill('Luo');
    await pickOption(page, /Luo|罗/);
    await page.getByRole('button', { name: '保存' }).click();
    // The headcount (person-times) may not be below the named members: the server says so at that field.
    const helper = page.locator('.ra-input-headcount');
    await expect.poll(() => helper.textContent()).toMatch(/below/);
    expect(page.url()).toMatch(/\/create$/);
    expect(await page.locator('input[name="names.zh"]').inputValue()).toBe('人数不足的代表团');
  });

  it('meets a conflict from a second tab, shows what changed, and overwrites knowingly', async () => {
    const data = await session.hub().query<{ delegations: { items: Array<{ id: string }> } }>(`{ delegations(filter: { q: "德国派尼地区代表团" }) { items { id } } }`);
    const id = data.delegations.items[0].id;
    const first = await open();
    const second = await open('admin');
    await go(first.page, `/Delegation/${id}`);
    await first.page.locator('input[name="notes"], textarea[name="notes"]').first().waitFor();
    await go(second.page, `/Delegation/${id}`);
    const secondNotes = second.page.locator('textarea[name="notes"]').first();
    await secondNotes.fill('changed in the second tab');
    await second.page.getByRole('button', { name: '保存' }).click();
    await at(second.page, /\/show$/);

    const firstNotes = first.page.locator('textarea[name="notes"]').first();
    await firstNotes.fill('typed in the first tab');
    await first.page.getByRole('button', { name: '保存' }).click();
    const dialog = first.page.getByTestId('conflict-dialog');
    await dialog.waitFor();
    await expect.poll(() => dialog.getByTestId('conflict-notes').textContent()).toContain('changed in the second tab');
    expect(await dialog.getByTestId('conflict-notes').textContent()).toContain('typed in the first tab');
    // What the user typed is still there behind the dialog.
    expect(await firstNotes.inputValue()).toBe('typed in the first tab');
    await dialog.getByRole('button', { name: /仍然保存/ }).click();
    await at(first.page, /\/show$/);
    const after = await session.hub().query<{ delegation: { notes: string } }>(`query ($id: ID!) { delegation(id: $id) { notes } }`, { id });
    expect(after.delegation.notes).toBe('typed in the first tab');
  });

  it('reloads instead of overwriting when the user chooses so', async () => {
    const data = await session.hub().query<{ events: { items: Array<{ id: string; version: number }> } }>(`{ events(perPage: 1) { items { id version } } }`);
    const { id, version } = data.events.items[0];
    const { page } = await open();
    await go(page, `/Event/${id}`);
    const notes = page.locator('textarea[name="notes"]').first();
    await notes.waitFor();
    await session.hub().query(`mutation ($id: ID!, $v: Int!) { updateEvent(id: $id, input: { notes: "from elsewhere" }, expectedVersion: $v) { id } }`, { id, v: version });
    await notes.fill('mine');
    await page.getByRole('button', { name: '保存' }).click();
    const dialog = page.getByTestId('conflict-dialog');
    await dialog.waitFor();
    await dialog.getByRole('button', { name: /重新加载/ }).click();
    await expect.poll(() => notes.inputValue()).toBe('from elsewhere');
  });

  it('switches to English: names in English, dates in the English format', async () => {
    const { page } = await open();
    await go(page, '/City');
    await page.locator('input[name="q"]').fill('南昌');
    await expect.poll(() => page.url()).toContain('%E5%8D%97%E6%98%8C');
    await expect.poll(() => page.locator('.RaDatagrid-table tbody tr').count()).toBe(2);
    await page.getByRole('button', { name: '中文' }).click();
    await page.getByRole('menuitem', { name: 'English' }).click();
    await expect.poll(() => page.locator('main').textContent()).toContain('Nanchang');
    await expect.poll(() => page.getByRole('menuitem', { name: 'Cities', exact: true }).count()).toBe(1);
    await go(page, '/Delegation?filter=' + encodeURIComponent(JSON.stringify({ q: 'Peine district delegation' })));
    // 2011-04-12 as en-GB writes it.
    await expect.poll(() => page.locator('main').textContent()).toContain('12 April 2011');
  });

  it('exports a filtered list and deletes its rows in bulk', async () => {
    for (const n of [1, 2]) {
      await session.hub().query(`mutation ($zh: String!) { createEvent(input: { kind: FAIR, names: { zh: $zh } }) { id } }`, { zh: `批量删除测试活动${n}` });
    }
    const { page } = await open();
    await go(page, '/Event');
    await page.locator('input[name="q"]').fill('批量删除测试');
    await expect.poll(() => page.locator('.RaDatagrid-table tbody tr').count()).toBe(2);
    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: '导出' }).first().click();
    expect((await download).suggestedFilename()).toMatch(/\.csv$/);
    await page.locator('.RaDatagrid-table thead input[type="checkbox"]').check();
    await page.getByRole('button', { name: '删除' }).click();
    await page.getByRole('button', { name: '确认' }).click();
    await expect.poll(() => page.locator('.RaDatagrid-table tbody tr').count()).toBe(0);
    const left = await session.hub().query<{ events: { total: number } }>(`{ events(filter: { q: "批量删除测试" }) { total } }`);
    expect(left.events.total).toBe(0);
  });

  it('has a working screen for every node type of the schema, and for Relationship', async () => {
    const data = await session.hub().query<{ __type: { possibleTypes: Array<{ name: string }> } }>(`{ __type(name: "Node") { possibleTypes { name } } }`);
    const types = [...data.__type.possibleTypes.map((t) => t.name), 'Relationship'];
    expect(types.length).toBeGreaterThan(5);
    const { page } = await open('admin');
    for (const type of types) {
      await go(page, `/${type}`);
      // Rows, or react-admin's empty state; never an error.
      await page.locator('.RaDatagrid-table tbody tr, .RaEmpty-message, .RaList-noResults').first().waitFor();
      expect(await page.locator('.MuiAlert-standardError, .MuiSnackbarContent-root.error').count(), `${type} list`).toBe(0);
      const rows = page.locator('.RaDatagrid-table tbody tr');
      if ((await rows.count()) > 0) {
        await rows.first().locator('td').nth(1).click({ position: { x: 3, y: 3 } });
        await at(page, new RegExp(`#/${type}/[^/]+/show`));
        await page.locator('.RaShow-main, .RaShow-card').first().waitFor();
      }
    }
  });
});
