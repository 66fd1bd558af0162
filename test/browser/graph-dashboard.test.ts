import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { adminSession } from './admin-session.js';
import { openRow } from './browser.js';

/**
 * The dashboard and the graph view in real Chromium, on a real hub with the demo data (the office's 2011 records).
 * Every request that is not to the hub fails the test: the map's shapes and the graph library come in the bundle.
 */

const session = adminSession('analyst');
const { open, at } = session;


/**
 * Where a node is drawn on the page once the layout has stopped moving it (a click on a node still moving
 * misses it on a busy machine): the Nanchang partnership or the Arts College.
 */
async function settledPosition(page: Page, which: 'partnership' | 'college'): Promise<{ x: number; y: number; label: string }> {
  const read = () =>
    page.evaluate((target) => {
      const cy = (globalThis as any).amityGraph;
      const node = cy
        .nodes()
        .filter((n: any) => (target === 'partnership' ? n.data('typename') === 'Partnership' && /南昌/.test(n.data('label')) : n.data('label') === '南昌大学艺术学院'))
        .first();
      const box = cy.container().getBoundingClientRect();
      const p = node.renderedPosition();
      return { x: box.left + p.x, y: box.top + p.y, label: node.data('label') as string };
    }, which);
  let last = await read();
  for (let attempt = 0; attempt < 40; attempt += 1) {
    await page.waitForTimeout(250);
    const now = await read();
    if (Math.abs(now.x - last.x) < 1 && Math.abs(now.y - last.y) < 1) return now;
    last = now;
  }
  return last;
}

/** What the graph view draws, read from its cytoscape instance. */
type GraphState = { nodes: number; visibleNodes: number; visibleEdges: number; pathNodes: string[]; pathEdges: number };
const graphState = (page: Page): Promise<GraphState> =>
  page.evaluate(() => {
    const cy = (globalThis as any).amityGraph;
    if (!cy) return { nodes: 0, visibleNodes: 0, visibleEdges: 0, pathNodes: [], pathEdges: 0 };
    return {
      nodes: cy.nodes().length,
      visibleNodes: cy.nodes(':visible').length,
      visibleEdges: cy.edges(':visible').length,
      pathNodes: cy.nodes('.path').map((n: any) => n.data('label')),
      pathEdges: cy.edges('.path').length,
    };
  });

describe('the dashboard and the graph view in Chromium', { timeout: 120_000 }, () => {
  it('shows 2011 against 2010, the charts, the partner-city map and what is coming up', async () => {
    const { page } = await open();
    // Signed in, the home page is the dashboard, on the latest complete year with records: 2011 in the demo data.
    const figures = page.getByTestId('dashboard-figures');
    await figures.waitFor();
    await expect.poll(() => page.getByTestId('dashboard-year').textContent()).toContain('2011');
    await expect.poll(() => page.getByTestId('dashboard-default-year').textContent()).toBe('2011 年是有记录的最近一个完整年度，默认显示。');
    const guests = figures.locator('tr[data-key^="inboundForeignGuests."]');
    await expect.poll(() => guests.count()).toBe(2);
    await expect.poll(() => guests.allTextContents()).toEqual([expect.stringMatching(/^接待党宾、外宾.*\b28\b/), expect.stringMatching(/\b368\b/)]);
    expect(await figures.locator('tr[data-key="outboundApproved.delegations"] td').nth(1).textContent()).toBe('156');
    expect(await figures.locator('tr[data-key="sisterCities.cities"] td').nth(1).textContent()).toBe('12');

    // 2010 has no records: no comparison and no change figures ("+28" would read as growth), and a line says why.
    expect(await figures.locator('thead th').allTextContents()).toEqual(['项目', '2011', '2010', '变化']);
    expect(new Set(await figures.locator('tbody td:nth-child(3)').allTextContents())).toEqual(new Set(['—']));
    expect((await page.getByTestId('figure-change').allTextContents()).join('')).toBe('');
    expect(await page.getByTestId('dashboard-no-comparison').textContent()).toBe('2010 年没有记录，不作对比，也不计变化。');

    // The charts, each an image named by its title and described for screen readers, inbound and outbound apart.
    const byMonth = page.getByRole('img', { name: '2011 年各月团组' });
    const byChannel = page.getByRole('img', { name: '2011 年各渠道团组' });
    await expect.poll(() => byMonth.locator('.MuiBarElement-root').count()).toBe(24);
    expect(await byMonth.locator('.MuiChartsAxis-tickLabel').allTextContents()).toEqual(expect.arrayContaining(['1月', '6月', '12月']));
    // Channels: an inbound and an outbound bar for each; 党政外宾 is 28 inbound and 33 outbound, not 61.
    await expect.poll(() => byChannel.locator('[data-series="INBOUND"] .MuiBarElement-root').count()).toBe(6);
    expect(await byChannel.locator('[data-series="OUTBOUND"] .MuiBarElement-root').count()).toBe(6);
    const channels = (await byChannel.locator('desc').textContent()) ?? '';
    expect(channels.split('；')).toEqual(
      expect.arrayContaining(['党政外宾：来访 28 批，出访 33 批', '友好城市：来访 21 批，出访 22 批', '侨务及港澳同胞：来访 13 批，出访 0 批']),
    );
    expect(channels).not.toContain('61');
    for (const chart of ['panel-by-month', 'panel-by-channel']) {
      expect(await page.getByTestId(chart).locator('.MuiChartsLegend-root li').allTextContents()).toEqual(['来访', '出访']);
    }

    // Every panel's title in Chinese.
    expect(await page.getByTestId('dashboard').locator('h2').allTextContents()).toEqual([
      '2011 年与 2010 年数据对比',
      '2011 年各月团组',
      '2011 年各渠道团组',
      '友好城市与友好交流城市分布',
      '即将到来',
      '最近的团组与活动',
    ]);

    // The map: the land from the bundle and a dot per partner city, sister cities among them.
    const map = page.getByTestId('dashboard-map');
    expect(((await map.locator('path').first().getAttribute('d')) ?? '').length).toBeGreaterThan(1000);
    await expect.poll(() => map.locator('circle[data-level="SISTER_CITY"]').count()).toBeGreaterThan(5);

    // Nothing after today in the 2011 data: a friendly note, and the latest ones instead.
    await expect.poll(() => page.getByTestId('panel-upcoming').textContent()).toContain('暂无安排');
    await expect.poll(() => page.getByTestId('latest-delegations').locator('li').count()).toBeGreaterThan(0);

    // English on request: the same figures and charts, English labels.
    await page.evaluate(() => (globalThis as any).localStorage.setItem('RaStore.locale', JSON.stringify('en')));
    await page.reload();
    await page.getByTestId('dashboard-figures').waitFor();
    await expect.poll(() => page.getByTestId('panel-figures').textContent()).toContain('2011 against 2010');
    await expect.poll(() => page.getByTestId('dashboard-figures').locator('tr[data-key^="inboundForeignGuests."]').first().textContent()).toMatch(/party and foreign guests.*28/i);
    expect(await page.getByTestId('dashboard-no-comparison').textContent()).toBe('No records for 2010: no comparison or change is shown.');
    const englishChannels = page.getByRole('img', { name: 'Delegations by channel, 2011' });
    await expect.poll(() => englishChannels.locator('desc').textContent()).toMatch(/^[A-Za-z ]+: 28 inbound, 33 outbound; /);
    expect(await page.getByTestId('panel-by-channel').locator('.MuiChartsLegend-root li').allTextContents()).toEqual([expect.stringMatching(/^inbound$/i), expect.stringMatching(/^outbound$/i)]);
  });

  it('opens on the latest complete year whatever this year and next hold, and compares only with a year that has records', async () => {
    const thisYear = new Date().getUTCFullYear();
    const delegation = (name: string, startDate: string) =>
      session.hub().query<{ createDelegation: { id: string; version: number } }>('mutation($input: DelegationInput!) { createDelegation(input: $input) { id version } }', {
        input: { names: { en: name }, direction: 'INBOUND', channel: 'GOVERNMENT_AND_PARTY', headcount: 4, startDate },
      });
    const made = [
      await delegation('Dashboard test: this year', `${thisYear}-01-15`),
      await delegation('Dashboard test: planned', `${thisYear + 1}-03-01`),
      await delegation('Dashboard test: 2010', '2010-05-01'),
    ].map((answer) => answer.createDelegation);
    try {
      const { page } = await open();
      const figures = page.getByTestId('dashboard-figures');
      await figures.waitFor();
      // This year's records are still coming in and next year's are plans: the page opens on 2011 all the same.
      await expect.poll(() => page.getByTestId('dashboard-year').textContent()).toContain('2011');
      await expect.poll(() => page.getByTestId('dashboard-default-year').textContent()).toContain('2011');
      // 2010 now has a record: the comparison and the changes are shown.
      const guests = figures.locator('tr[data-key="inboundForeignGuests.delegations"] td');
      await expect.poll(() => guests.allTextContents()).toEqual([expect.stringContaining('接待党宾、外宾'), '28', '1', '+27 (+2700%)']);
      expect(await page.getByTestId('dashboard-no-comparison').count()).toBe(0);

      // This year, against last year without records: its own figures, no comparison, no change.
      await page.getByTestId('dashboard-year').getByRole('combobox').click();
      await page.getByRole('option', { name: String(thisYear), exact: true }).click();
      await expect.poll(() => page.getByTestId('panel-figures').locator('h2').textContent()).toBe(`${thisYear} 年与 ${thisYear - 1} 年数据对比`);
      await expect.poll(() => guests.allTextContents()).toEqual([expect.stringContaining('接待党宾、外宾'), '1', '—', '']);
      expect(await page.getByTestId('dashboard-no-comparison').textContent()).toBe(`${thisYear - 1} 年没有记录，不作对比，也不计变化。`);
      expect(await page.getByTestId('dashboard-default-year').count()).toBe(0);
      expect(await page.getByRole('img', { name: `${thisYear} 年各渠道团组` }).locator('desc').textContent()).toBe('党政外宾：来访 1 批，出访 0 批');
    } finally {
      for (const { id, version } of made) await session.hub().query('mutation($id: ID!, $version: Int!) { deleteDelegation(id: $id, expectedVersion: $version) { deleted } }', { id, version });
    }
  });

  it('opens Peine district as a graph, expands a node, filters by kind and finds a path to Nanchang University Arts College', async () => {
    const { page } = await open();
    await page.getByRole('menuitem', { name: '城市', exact: true }).click();
    await page.locator('input[name="q"]').fill('Peine');
    await expect.poll(() => page.locator('.RaDatagrid-row, .MuiTableBody-root tr').count()).toBeGreaterThan(0);
    await openRow(page, '派尼地区');
    await at(page, /#\/City\/[^/]+\/show/);
    await page.getByRole('link', { name: '关系图' }).click();
    await at(page, /#\/graph\/[^/]+$/);

    // The neighbourhood is drawn on a canvas: the centre and its ties.
    await page.getByTestId('graph-canvas').locator('canvas').first().waitFor();
    await expect.poll(async () => (await graphState(page)).nodes).toBeGreaterThan(1);
    const before = await graphState(page);

    // A click on a node (the partnership with Nanchang) expands it: its neighbours join the drawing.
    const point = await settledPosition(page, 'partnership');
    expect(point.label).toMatch(/南昌/);
    await page.mouse.click(point.x, point.y);
    await expect.poll(() => page.getByTestId('graph-selected').textContent()).toContain(point.label);
    await expect.poll(async () => (await graphState(page)).nodes).toBeGreaterThan(before.nodes);
    await expect.poll(async () => (await graphState(page)).visibleNodes, { timeout: 10_000 }).toBeGreaterThan(before.visibleNodes);

    // Filter by kind: unticking a kind hides its ties; ticking it again brings them back.
    const expanded = await graphState(page);
    const kinds = page.getByTestId('graph-kinds').getByRole('checkbox');
    expect(await kinds.count()).toBeGreaterThan(1);
    await kinds.first().uncheck();
    await expect.poll(async () => (await graphState(page)).visibleEdges).toBeLessThan(expanded.visibleEdges);
    await kinds.first().check();
    await expect.poll(async () => (await graphState(page)).visibleEdges).toBe(expanded.visibleEdges);

    // The path finder: from Peine district to Nanchang University Arts College, highlighted on the graph.
    const to = page.getByRole('combobox', { name: /到/ });
    await to.fill('南昌大学艺术学院');
    await page.getByRole('option', { name: /南昌大学艺术学院/ }).first().click();
    await page.getByRole('button', { name: '查找路径' }).click();
    await expect.poll(() => page.getByTestId('graph-path').textContent()).toContain('南昌大学艺术学院');
    const path = await graphState(page);
    expect(path.pathNodes).toEqual(expect.arrayContaining(['派尼地区', '南昌大学艺术学院']));
    expect(path.pathEdges).toBe((await page.getByTestId('graph-path').locator('li').count()) - 1);

    // A double click on a node opens its record.
    const college = await settledPosition(page, 'college');
    await page.mouse.dblclick(college.x, college.y);
    await at(page, /#\/Organisation\/[^/]+\/show/);
    await expect.poll(() => page.locator('main').textContent()).toContain('南昌大学艺术学院');
  });
});
