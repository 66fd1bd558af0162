import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHub, type Hub } from '../support/hub.js';

/** The import report's counts: what the rows of a file do to the records, each row counted once. */

interface Report {
  ok: boolean;
  rows: number;
  create: number;
  update: number;
  unchanged: number;
  errors: unknown[];
  plan: Array<{ row: number; action: string; recordId: string | null; changes?: string[] }>;
}
interface Answer {
  status: number;
  body: { report?: Report; batch?: { created: number; updated: number } };
}

let hub: Hub;
let token: string;

beforeAll(async () => {
  hub = await startHub({ template: 'empty' });
  token = await hub.login('editor');
}, 120_000);

afterAll(async () => {
  await hub?.stop();
});

async function upload(path: string, body: string): Promise<Answer> {
  const response = await fetch(`${hub.url}/imports/${path}`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'text/csv' }, body });
  return { status: response.status, body: (await response.json()) as Answer['body'] };
}

async function exported(q: string): Promise<string> {
  const response = await fetch(`${hub.url}/exports/cities.csv?filter=${encodeURIComponent(JSON.stringify({ q }))}`, { headers: { authorization: `Bearer ${token}` } });
  expect(response.status).toBe(200);
  return response.text();
}

describe('the report counts each row once: create, update (it changes something) or unchanged', () => {
  it('counts a row that changes nothing as unchanged, not as an update, in the dry run and in the commit', async () => {
    const made = await hub.query(`mutation { a: createCity(input: { names: { zh: "计数甲市", en: "Count A" }, countryCode: "NO", province: "Vestland" }) { id version } b: createCity(input: { names: { zh: "计数乙市", en: "Count B" }, countryCode: "NO", province: "Vestland" }) { id version } }`);
    const file = [
      'id,中文名,英文名,国家,省份',
      // As saved: changes nothing.
      `${made.a.id},计数甲市,Count A,NO,Vestland`,
      // Found by name, its province changed.
      ',计数乙市,,NO,Rogaland',
      ',计数丙市,Count C,NO,',
    ].join('\r\n');

    const dry = (await upload('cities/dry-run', file)).body.report as Report;
    expect(dry.ok).toBe(true);
    expect({ rows: dry.rows, create: dry.create, update: dry.update, unchanged: dry.unchanged }).toEqual({ rows: 3, create: 1, update: 1, unchanged: 1 });
    expect(dry.plan.map(({ row, action, recordId, changes }) => ({ row, action, recordId, changes }))).toEqual([
      { row: 2, action: 'UPDATE', recordId: made.a.id, changes: [] },
      { row: 3, action: 'UPDATE', recordId: made.b.id, changes: ['province'] },
      { row: 4, action: 'CREATE', recordId: null, changes: undefined },
    ]);

    const commit = await upload('cities/commit', file);
    expect(commit.status).toBe(200);
    const report = commit.body.report as Report;
    expect({ create: report.create, update: report.update, unchanged: report.unchanged }).toEqual({ create: 1, update: 1, unchanged: 1 });
    expect(report.plan.find((line) => line.row === 2)?.changes).toEqual([]);
    // The unchanged row wrote nothing: its record is at the version it had.
    const after = await hub.query(`query ($a: ID!, $b: ID!) { a: city(id: $a) { version } b: city(id: $b) { version province } }`, { a: made.a.id, b: made.b.id });
    expect(after.a.version).toBe(made.a.version);
    expect(after.b).toEqual({ version: made.b.version + 1, province: 'Rogaland' });
  });

  it('reports an export imported back unedited as all unchanged, and one edited cell as one update', async () => {
    await hub.query(`mutation { a: createCity(input: { names: { zh: "回读甲市", en: "Round trip A" }, countryCode: "JP", latitude: 34.34 }) { id } b: createCity(input: { names: { zh: "回读乙市", en: "Round trip B" }, countryCode: "JP", province: "Kagawa" }) { id } }`);
    const file = await exported('回读');
    const dry = (await upload('cities/dry-run', file)).body.report as Report;
    expect(dry.errors).toEqual([]);
    expect({ rows: dry.rows, create: dry.create, update: dry.update, unchanged: dry.unchanged }).toEqual({ rows: 2, create: 0, update: 0, unchanged: 2 });

    const edited = file.replace('Kagawa', 'Kagawa-ken');
    expect(edited).not.toBe(file);
    const changed = (await upload('cities/dry-run', edited)).body.report as Report;
    expect({ create: changed.create, update: changed.update, unchanged: changed.unchanged }).toEqual({ create: 0, update: 1, unchanged: 1 });
    expect(changed.plan.flatMap((line) => line.changes ?? [])).toEqual(['province']);
  });
});
