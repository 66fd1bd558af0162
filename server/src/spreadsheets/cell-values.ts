/** A cell as read: text, a number, a boolean, a calendar date (YYYY-MM-DD), empty, or a problem with the cell itself. */
export type Cell = string | number | boolean | null | { date: string } | { problem: string };

/** What a cell becomes, or why it cannot. */
export type Parsed<T> = { value: T } | { problem: string };

const EXCEL_EPOCH = Date.UTC(1899, 11, 30);

function validDate(year: number, month: number, day: number): string | undefined {
  const date = new Date(Date.UTC(year, month - 1, day));
  if (year < 1000 || date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return undefined;
  return date.toISOString().slice(0, 10);
}

/** Full-width digits and punctuation (１２３，．) as ASCII: Chinese input methods type them. */
export function halfWidth(text: string): string {
  return text.normalize('NFKC');
}

function excelSerial(serial: number): Parsed<string> {
  if (!Number.isFinite(serial) || serial < 1 || serial > 2958465) return { problem: `${serial} is not a date` };
  return { value: new Date(EXCEL_EPOCH + Math.floor(serial) * 86_400_000).toISOString().slice(0, 10) };
}

/** A date as ledgers write it: 2011-05-03, 2011/5/3, 2011.5.3, 2011年5月3日, 20110503, or an Excel serial number. */
export function parseDate(cell: Cell): Parsed<string> {
  if (cell !== null && typeof cell === 'object' && 'date' in cell) return { value: cell.date };
  if (typeof cell === 'number') return excelSerial(cell);
  const text = halfWidth(String(cell)).trim();
  let match = /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:[T\s].*)?$/.exec(text) ?? /^(\d{4})(\d{2})(\d{2})$/.exec(text);
  if (match) {
    const date = validDate(Number(match[1]), Number(match[2]), Number(match[3]));
    return date ? { value: date } : { problem: `"${text}" is not a calendar date` };
  }
  if (/^\d{5}(\.\d+)?$/.test(text)) return excelSerial(Number(text));
  match = /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*月?$/.exec(text);
  if (match) return { problem: `"${text}" gives no day: write the full date, e.g. ${match[1]}-${match[2].padStart(2, '0')}-01` };
  return { problem: `"${text}" is not a date: write 2011-05-03, 2011/5/3 or 2011年5月3日` };
}

export function parseNumber(cell: Cell, integer: boolean): Parsed<number> {
  const value = typeof cell === 'number' ? cell : Number(halfWidth(String(cell)).trim().replace(/[,\s]/g, '').replace(/人次?$|名$|个$/, ''));
  if (!Number.isFinite(value)) return { problem: `"${String(cell)}" is not a number` };
  if (integer && !Number.isInteger(value)) return { problem: `${value} is not a whole number` };
  return { value };
}

const TRUE = new Set(['true', 'yes', 'y', '1', '是', '对', '√', '✓', 'x']);
const FALSE = new Set(['false', 'no', 'n', '0', '否', '不是', '×', '✗', '']);

export function parseBoolean(cell: Cell): Parsed<boolean> {
  if (typeof cell === 'boolean') return { value: cell };
  const text = String(cell).trim().toLowerCase();
  if (TRUE.has(text)) return { value: true };
  if (FALSE.has(text)) return { value: false };
  return { problem: `"${String(cell)}" is not yes or no (是/否)` };
}

/** Chinese words ledgers use for enum values, by value; used only where the value belongs to the field's enum. */
const ENUM_WORDS: Record<string, string[]> = {
  INBOUND: ['来访', '入境', '来'],
  OUTBOUND: ['出访', '出境', '去'],
  PUBLIC: ['公开'],
  INTERNAL: ['内部'],
  RESTRICTED: ['限制', '受限', '保密'],
  SISTER_CITY: ['友好城市', '友城', '国际友城'],
  FRIENDLY_EXCHANGE: ['友好交流城市', '友好交流'],
  PROSPECT: ['意向', '意向城市'],
  GOVERNMENT_AND_PARTY: ['党政', '政府', '党政团组'],
  OVERSEAS_CHINESE: ['华侨', '侨务', '港澳', '侨胞'],
  BUSINESS: ['经贸', '商务'],
  ACADEMIC: ['学术', '教育'],
  OTHER: ['其他', '其它'],
  APPROVED: ['已批准', '批准'],
  PENDING: ['待批', '审批中'],
  HELD_BACK: ['把关', '不批'],
  WITHDRAWN: ['撤回', '取消'],
};

/** An enum value by its name in any case (spaces and hyphens for underscores), or by a Chinese word ledgers use for it. */
export function parseEnum(cell: Cell, values: readonly string[]): Parsed<string> {
  const text = halfWidth(String(cell)).trim();
  const key = text.toUpperCase().replace(/[\s-]+/g, '_');
  if (values.includes(key)) return { value: key };
  for (const value of values) if (ENUM_WORDS[value]?.includes(text)) return { value };
  return { problem: `"${text}" is not one of ${values.join(', ')}` };
}

/** A list cell (aliases, several names): items separated by ; ； 、 | or line breaks. */
export function parseList(cell: Cell): string[] {
  return String(cell)
    .split(/[;；、|\n]/)
    .map((item) => item.trim())
    .filter((item) => item !== '');
}

export function cellText(cell: Cell): string {
  if (cell === null) return '';
  if (typeof cell === 'object') return 'date' in cell ? cell.date : '';
  return String(cell).trim();
}
