/** The widgets an office can embed, and the two snippets for them: the script with an element, or an iframe. */

export type WidgetName = 'sister-cities' | 'delegation-stats' | 'events' | 'node-card';

export interface WidgetOptions {
  widget: WidgetName;
  key: string;
  lang: 'zh' | 'en';
  theme: 'light' | 'dark';
  size: 'small' | 'medium' | 'large';
  /** sister-cities: list or map */
  view: 'list' | 'map';
  /** delegation-stats */
  year: string;
  /** events: from this date (empty: today) */
  from: string;
  /** node-card: the record id */
  node: string;
}

export const WIDGET_NAMES: WidgetName[] = ['sister-cities', 'delegation-stats', 'events', 'node-card'];

function escapeAttribute(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
}

/** The attributes that matter for the widget, in a stable order. */
export function attributes(options: WidgetOptions): Array<[string, string]> {
  const list: Array<[string, string]> = [
    ['key', options.key],
    ['lang', options.lang],
  ];
  if (options.theme !== 'light') list.push(['theme', options.theme]);
  if (options.size !== 'medium') list.push(['size', options.size]);
  if (options.widget === 'sister-cities' && options.view === 'map') list.push(['view', 'map']);
  if (options.widget === 'delegation-stats' && options.year) list.push(['year', options.year]);
  if (options.widget === 'events' && options.from) list.push(['from', options.from]);
  if (options.widget === 'node-card') list.push(['node', options.node]);
  return list;
}

export function elementHtml(options: WidgetOptions): string {
  const tag = `amity-${options.widget}`;
  return `<${tag} ${attributes(options)
    .map(([name, value]) => `${name}="${escapeAttribute(value)}"`)
    .join(' ')}></${tag}>`;
}

export function scriptSnippet(hub: string, options: WidgetOptions): string {
  return `<script src="${hub}/widgets/amity-widgets.js" defer></script>\n${elementHtml(options)}`;
}

export function iframeSnippet(hub: string, options: WidgetOptions): string {
  const query = new URLSearchParams(attributes(options));
  const height = options.widget === 'node-card' ? 360 : options.widget === 'events' ? 320 : 520;
  return `<iframe src="${hub}/embed/${options.widget}?${escapeAttribute(query.toString())}" title="Amity ${options.widget}" width="100%" height="${height}" style="border:0" loading="lazy"></iframe>`;
}
