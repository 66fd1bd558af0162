import { CHANNELS, dateLabel, EVENT_KINDS, kindLabel, LEVELS, nameIn, t, TEXT, typeLabel, type Lang } from '../i18n';
import { AmityWidget, esc } from '../widget';

type Names = { zh?: string | null; en?: string | null; local?: string | null; localLang?: string | null };
interface NodeCardData {
  node: Record<string, any> & {
    __typename: string;
    id: string;
    names: Names;
    relationships: Array<{ kind: string | null; field: string | null; direction: string; role: string | null; other: { __typename: string; id: string; names: Names } }>;
  };
}

/** `<amity-node-card node="<id>">`: one public record and its public ties. */
export class AmityNodeCard extends AmityWidget<NodeCardData> {
  static readonly observedAttributes = [...AmityWidget.common, 'node'];

  protected operation() {
    return { name: 'NodeCard', variables: { id: this.getAttribute('node') ?? '' } };
  }

  protected render(data: NodeCardData): string {
    const lang = this.language;
    const node = data.node;
    const other = lang === 'zh' ? node.names.en : node.names.zh;
    const ties = node.relationships
      .map((tie) => {
        const label = kindLabel(tie.kind, tie.field);
        return `<li data-id="${esc(tie.other.id)}"><span><b>${esc(nameIn(tie.other.names, lang))}</b> <span class="muted">${esc(typeLabel(tie.other.__typename, lang))}</span></span><span class="tag">${esc(label)}${tie.role ? ` · ${esc(tie.role)}` : ''}</span></li>`;
      })
      .join('');
    return [
      `<h2>${esc(nameIn(node.names, lang))} <span class="tag">${esc(typeLabel(node.__typename, lang))}</span></h2>`,
      other && other !== nameIn(node.names, lang) ? `<p class="muted">${esc(other)}</p>` : '',
      facts(node, lang),
      ties ? `<h3>${esc(t(TEXT.ties, lang))}</h3><ul>${ties}</ul>` : '',
      `<footer>${esc(t(TEXT.source, lang))}</footer>`,
    ].join('');
  }
}

function facts(node: NodeCardData['node'], lang: Lang): string {
  const items: string[] = [];
  if (node.country?.names) items.push(nameIn(node.country.names, lang));
  if (node.province) items.push(node.province);
  if (node.city?.names) items.push(nameIn(node.city.names, lang));
  if (node.level) items.push(t(LEVELS[node.level as keyof typeof LEVELS], lang));
  if (node.eventKind) items.push(t(EVENT_KINDS[node.eventKind as keyof typeof EVENT_KINDS], lang));
  if (node.channel) items.push(t(CHANNELS[node.channel as keyof typeof CHANNELS], lang));
  if (node.startDate) items.push(`${dateLabel(node.startDate, lang)}${node.endDate && node.endDate !== node.startDate ? ` – ${dateLabel(node.endDate, lang)}` : ''}`);
  if (node.signedOn) items.push(`${t(TEXT.since, lang)} ${dateLabel(node.signedOn, lang)}`);
  if (node.venue) items.push(node.venue);
  if (node.website) items.push(node.website);
  return items.length ? `<p>${items.map((item) => `<span class="tag">${esc(item)}</span>`).join(' ')}</p>` : '';
}
