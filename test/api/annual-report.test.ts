import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHub, type Hub } from '../support/hub.js';
import { badFields } from './records.js';
import { parseCsv } from '../support/csv.js';

const FIGURE = '{ value compareValue change changePercent }';
const REPORT = `query Report($year: Int!, $compareTo: Int) {
  annualReport(year: $year, compareTo: $compareTo) {
    year compareTo
    inboundForeignGuests { delegations ${FIGURE} personTimes ${FIGURE} }
    sisterCityVisitors { delegations ${FIGURE} personTimes ${FIGURE} }
    overseasChineseVisitors { delegations ${FIGURE} personTimes ${FIGURE} }
    foreignExpertInvitations { applications ${FIGURE} persons ${FIGURE} }
    apecBusinessTravelCards { applicants ${FIGURE} persons ${FIGURE} applications ${FIGURE} }
    outboundApproved { delegations ${FIGURE} personTimes ${FIGURE} }
    outboundHeldBack { delegations ${FIGURE} personTimes ${FIGURE} }
    sisterCities { cities ${FIGURE} countries ${FIGURE} }
    subsidyRecipients ${FIGURE}
  }
}`;

/** The report's figures for 2011 (FACTS.md, "Figures the report states for 2011"), field by field. */
const REPORTED: Array<[string, string, number]> = [
  ['inboundForeignGuests', 'delegations', 28],
  ['inboundForeignGuests', 'personTimes', 368],
  ['sisterCityVisitors', 'delegations', 21],
  ['sisterCityVisitors', 'personTimes', 169],
  ['overseasChineseVisitors', 'delegations', 13],
  ['overseasChineseVisitors', 'personTimes', 193],
  ['foreignExpertInvitations', 'applications', 155],
  ['foreignExpertInvitations', 'persons', 278],
  ['apecBusinessTravelCards', 'applicants', 5],
  ['apecBusinessTravelCards', 'persons', 14],
  ['outboundApproved', 'delegations', 156],
  ['outboundApproved', 'personTimes', 465],
  ['outboundHeldBack', 'delegations', 6],
  ['outboundHeldBack', 'personTimes', 7],
  ['sisterCities', 'cities', 12],
  ['sisterCities', 'countries', 11],
];


describe('annualReport: the office’s yearly summary computed from records', () => {
  let hub: Hub;
  let token: string;
  beforeAll(async () => {
    hub = await startHub({ template: 'demo' });
    token = await hub.login('analyst');
  });
  afterAll(async () => hub?.stop());

  const download = (path: string, headers: Record<string, string> = { authorization: `Bearer ${token}` }) => fetch(`${hub.url}${path}`, { headers });

  it('equals the 2011 report figure by figure, in one SQL statement', async () => {
    const answer = await hub.request<any>(REPORT, { year: 2011 });
    expect(answer.errors).toBeUndefined();
    const report = answer.data.annualReport;
    expect(report).toMatchObject({ year: 2011, compareTo: null });
    for (const [line, figure, value] of REPORTED) {
      expect(report[line][figure], `${line}.${figure}`).toEqual({ value, compareValue: null, change: null, changePercent: null });
    }
    expect(report.subsidyRecipients.value).toBe(194);
    expect(report.apecBusinessTravelCards.applications.value).toBe(5);
    expect(answer.extensions?.sqlStatements).toBe(1);
  });

  it('quotes the named delegations, new contacts, donations, investments and awards of the year', async () => {
    const data = await hub.query(`{ annualReport(year: 2011) {
      inboundForeignGuests { named { names { en } generated } }
      outboundApproved { named { names { en } greenChannel } }
      mainDelegations { names { en } generated startDate }
      newContacts { partnerCity { names { en } } level }
      donations { kind amount currency quantity donor { displayName(lang: en) } }
      investments { amount donor { displayName(lang: en) } }
      awards { names { en } year } } }`);
    const report = data.annualReport;
    expect(report.inboundForeignGuests.named.map((item: any) => item.names.en)).toEqual([
      'UK Jiangxi trade and investment delegation',
      'Consuls-general of Canada and five other countries: “Jiangxi tour” delegation',
    ]);
    expect(report.outboundApproved.named.filter((item: any) => item.greenChannel)).toHaveLength(3);
    expect(report.mainDelegations.length).toBeGreaterThanOrEqual(15);
    for (const delegation of report.mainDelegations) {
      expect(delegation.generated).toBe(false);
      expect(delegation.startDate).toMatch(/^2011-/);
    }
    expect(report.newContacts.map((item: any) => item.partnerCity.names.en).sort()).toEqual(['Albacete', 'Gwangju', 'Kragerø', 'Miskolc', 'St. Charles']);
    expect(report.donations).toHaveLength(4);
    expect(report.donations.filter((item: any) => item.kind === 'DONATION').reduce((sum: number, item: any) => sum + item.amount, 0)).toBe(442000);
    expect(report.donations.find((item: any) => item.kind === 'IN_KIND')).toMatchObject({ quantity: 8, donor: { displayName: 'Takamatsu Rotary Club' } });
    expect(report.investments).toEqual([{ amount: 1000000, donor: { displayName: 'Pu Jian' } }]);
    expect(report.awards).toHaveLength(5);
    for (const award of report.awards) expect(award.year).toBe(2011);
  });

  it('compares each figure with another year', async () => {
    const data = await hub.query(REPORT, { year: 2011, compareTo: 2009 });
    const report = data.annualReport;
    expect(report.compareTo).toBe(2009);
    expect(report.inboundForeignGuests.delegations).toEqual({ value: 28, compareValue: 0, change: 28, changePercent: null });
    // Newcastle and Olympia signed in 2010: ten sister cities in nine countries at the end of 2009.
    expect(report.sisterCities.cities).toEqual({ value: 12, compareValue: 10, change: 2, changePercent: 20 });
    expect(report.sisterCities.countries).toEqual({ value: 11, compareValue: 9, change: 2, changePercent: 22.2 });
    const backwards = (await hub.query(REPORT, { year: 2009, compareTo: 2011 })).annualReport;
    expect(backwards.sisterCities.cities).toEqual({ value: 10, compareValue: 12, change: -2, changePercent: -16.7 });
    expect(backwards.outboundApproved.delegations).toEqual({ value: 0, compareValue: 156, change: -156, changePercent: -100 });
  });

  it('lays its figures out as the summary does, with Chinese and English labels', async () => {
    const data = await hub.query(`{ annualReport(year: 2011) { lines { key label { zh en } figures { key unit { zh en } value } } } }`);
    const lines = data.annualReport.lines;
    expect(lines.map((line: any) => line.key)).toEqual([
      'inboundForeignGuests',
      'sisterCityVisitors',
      'overseasChineseVisitors',
      'foreignExpertInvitations',
      'apecBusinessTravelCards',
      'outboundApproved',
      'outboundHeldBack',
      'sisterCities',
      'subsidyRecipients',
    ]);
    expect(lines[0]).toEqual({
      key: 'inboundForeignGuests',
      label: { zh: '接待党宾、外宾', en: 'Party and foreign guests received' },
      figures: [
        { key: 'delegations', unit: { zh: '批', en: 'delegations' }, value: 28 },
        { key: 'personTimes', unit: { zh: '人次', en: 'person-times' }, value: 368 },
      ],
    });
    expect(lines.flatMap((line: any) => line.figures.map((figure: any) => figure.value))).toEqual([...REPORTED.map(([, , value]) => value), 194]);
  });

  it('downloads as CSV with both languages, and with the comparison', async () => {
    const response = await download('/reports/annual/2011.csv?compareTo=2010');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(response.headers.get('content-disposition')).toMatch(/attachment; filename="amity-annual-report-2011-vs-2010.csv"/);
    const bytes = Buffer.from(await response.arrayBuffer());
    // A byte-order mark, so that spreadsheet programs read the Chinese labels as UTF-8.
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const rows = parseCsv(bytes.subarray(3).toString('utf8'));
    expect(rows[0]).toEqual(['项目', 'Item', '单位', 'Unit', '2011', '2010', '变化 Change', '变化率 Change %']);
    expect(rows).toHaveLength(1 + 17);
    expect(rows[1]).toEqual(['接待党宾、外宾', 'Party and foreign guests received', '批', 'delegations', '28', '0', '28', '']);
    expect(rows.slice(1).map((row) => Number(row[4]))).toEqual([...REPORTED.map(([, , value]) => value), 194]);
    expect(rows[15]).toEqual(['友好城市（年底）', 'Sister cities (at the year’s end)', '个城市', 'cities', '12', '12', '0', '0']);
    expect(rows[17].slice(0, 5)).toEqual(['发放归侨生活补贴', 'Returned overseas Chinese paid the living subsidy', '名', 'persons', '194']);
  });

  it('downloads as XLSX: the figures, then a sheet for each named list', async () => {
    const response = await download('/reports/annual/2011.xlsx');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(await response.arrayBuffer());
    expect(workbook.worksheets.map((sheet) => sheet.name)).toEqual([
      'Figures 数字',
      'Main delegations 主要团组',
      'New contacts 新联系',
      'Donations 捐赠',
      'Investments 投资',
      'Awards 荣誉',
    ]);
    const rows = (name: string) => {
      const values: unknown[][] = [];
      workbook.getWorksheet(name)!.eachRow((row) => values.push((row.values as unknown[]).slice(1)));
      return values;
    };
    const figures = rows('Figures 数字');
    expect(figures[0]).toEqual(['项目', 'Item', '单位', 'Unit', '2011']);
    expect(figures.slice(1).map((row) => row[4])).toEqual([...REPORTED.map(([, , value]) => value), 194]);
    expect(figures[9]).toEqual(['申办APEC商务旅行卡', 'APEC business travel cards applied for', '家企业', 'companies', 5]);
    expect(rows('Main delegations 主要团组').map((row) => row[1])).toContain('UK Jiangxi trade and investment delegation');
    expect(rows('New contacts 新联系')).toHaveLength(1 + 5);
    expect(rows('Donations 捐赠')).toHaveLength(1 + 4);
    expect(rows('Investments 投资')[1].slice(1, 5)).toEqual(['Pu Jian investment in a biomedicine production base, Sanghai Development Zone', 'INVESTMENT', 1000000, 'CNY']);
    expect(rows('Awards 荣誉')).toHaveLength(1 + 5);
  });

  it('refuses a year out of range, naming it', async () => {
    const nextYear = new Date().getUTCFullYear() + 1;
    expect(badFields(await hub.request(REPORT, { year: 1800 }))).toEqual(['year']);
    expect(badFields(await hub.request(REPORT, { year: nextYear + 1 }))).toEqual(['year']);
    expect(badFields(await hub.request(REPORT, { year: 2011, compareTo: 12 }))).toEqual(['compareTo']);
    const message = (await hub.request(REPORT, { year: 1800 })).errors![0].message;
    expect(message).toBe(`year: must be a year from 1949 to ${nextYear}, not 1800`);
    expect((await hub.query(REPORT, { year: nextYear })).annualReport.inboundForeignGuests.delegations.value).toBe(0);
  });

  it('refuses bad downloads: a year out of range, a bad compareTo, an unknown format, an anonymous caller', async () => {
    const early = await download('/reports/annual/1800.csv');
    expect(early.status).toBe(400);
    expect(await early.json()).toMatchObject({ errors: [{ extensions: { code: 'BAD_USER_INPUT', fields: [{ field: 'year' }] } }] });
    const compareTo = await download('/reports/annual/2011.xlsx?compareTo=last');
    expect(compareTo.status).toBe(400);
    expect(await compareTo.json()).toMatchObject({ errors: [{ extensions: { code: 'BAD_USER_INPUT', fields: [{ field: 'compareTo' }] } }] });
    expect((await download('/reports/annual/2011.pdf')).status).toBe(404);
    const anonymous = await download('/reports/annual/2011.csv', {});
    expect(anonymous.status).toBe(401);
    expect(await anonymous.json()).toMatchObject({ errors: [{ extensions: { code: 'UNAUTHENTICATED' } }] });
  });
});
