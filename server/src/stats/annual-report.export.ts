import ExcelJS from 'exceljs';
import { displayName, Language } from '../graph/names.js';
import { BYTE_ORDER_MARK, csvLines } from '../spreadsheets/csv.js';
import type { NodeEntity } from '../graph/record.entity.js';
import { PartnershipStatus } from '../nodes/partnership/partnership.entity.js';
import { REPORT_LAYOUT, type AnnualReportData } from './annual-report.js';

type Cell = string | number | null;

/** The table of figures as rows: a header, then one row per figure of each line, Chinese and English labels side by side. */
export function figureRows(data: AnnualReportData): Cell[][] {
  const compared = data.compareTo !== null;
  const header: Cell[] = ['项目', 'Item', '单位', 'Unit', `${data.year}`];
  if (compared) header.push(`${data.compareTo}`, '变化 Change', '变化率 Change %');
  const rows: Cell[][] = [header];
  for (const line of REPORT_LAYOUT) {
    for (const spec of line.figures) {
      const figure = data.lines[line.key][spec.key];
      const row: Cell[] = [line.label.zh, line.label.en, spec.unit.zh, spec.unit.en, figure.value];
      if (compared) row.push(figure.compareValue, figure.change, figure.changePercent);
      rows.push(row);
    }
  }
  return rows;
}

/** The table of figures as CSV, with a byte-order mark so that spreadsheet programs read the Chinese labels as UTF-8. */
export function annualReportCsv(data: AnnualReportData): string {
  return BYTE_ORDER_MARK + csvLines(figureRows(data));
}

const names = (node: NodeEntity): [string, string] => [displayName(node.names, Language.zh), displayName(node.names, Language.en)];

function addSheet(workbook: ExcelJS.Workbook, name: string, rows: Cell[][]): void {
  const sheet = workbook.addWorksheet(name);
  sheet.addRows(rows);
  sheet.getRow(1).font = { bold: true };
  sheet.views = [{ state: 'frozen', ySplit: 1 }];
  sheet.columns.forEach((column, index) => {
    column.width = Math.min(60, Math.max(10, ...rows.map((row) => String(row[index] ?? '').length + 2)));
  });
}

/**
 * The report as a workbook: the table of figures on the first sheet, then the named lists a summary quotes,
 * one sheet each.
 */
export async function annualReportXlsx(data: AnnualReportData): Promise<Buffer> {
  const [delegations, contacts, donations, investments, awards] = await Promise.all([
    data.lists.mainDelegations(),
    data.lists.newContacts(),
    data.lists.donations(),
    data.lists.investments(),
    data.lists.awards(),
  ]);
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Amity';
  workbook.title = `${data.year}年工作总结数据 Annual report ${data.year}`;
  addSheet(workbook, 'Figures 数字', figureRows(data));
  addSheet(workbook, 'Main delegations 主要团组', [
    ['名称', 'Name', 'Direction', 'Channel', 'Start date', 'Person-times 人次'],
    ...delegations.map((delegation) => [...names(delegation), delegation.direction, delegation.channel, delegation.startDate ?? null, delegation.headcount]),
  ]);
  addSheet(workbook, 'New contacts 新联系', [
    ['名称', 'Name', 'Level', 'Contact opened'],
    ...contacts.map((partnership) => [
      ...names(partnership),
      partnership.level,
      partnership.statusHistory.find((step) => step.status === PartnershipStatus.CONTACT_OPENED && step.date.startsWith(`${data.year}-`))?.date ?? null,
    ]),
  ]);
  const money = (items: typeof donations): Cell[][] => [
    ['名称', 'Name', 'Kind', 'Amount', 'Currency', 'In kind', 'Quantity', 'Beneficiaries', 'Date'],
    ...items.map((item) => [...names(item), item.kind, item.amount ?? null, item.currency ?? null, item.inKindDescription ?? null, item.quantity ?? null, item.beneficiaries ?? null, item.date ?? null]),
  ];
  addSheet(workbook, 'Donations 捐赠', money(donations));
  addSheet(workbook, 'Investments 投资', money(investments));
  addSheet(workbook, 'Awards 荣誉', [['名称', 'Name', 'Year'], ...awards.map((award) => [...names(award), award.year])]);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
