import type { DelegationChannel } from '@amity/schema/generated/graphql';
import { CHANNELS, monthLabel, t, TEXT, type Lang } from '../i18n';
import { AmityWidget, esc } from '../widget';

interface Figures {
  delegations: { value: number };
  personTimes: { value: number };
}
interface DelegationStatsData {
  annualReport: {
    year: number;
    inboundForeignGuests: Figures;
    sisterCityVisitors: Figures;
    overseasChineseVisitors: Figures;
    outboundApproved: Figures;
  };
  stats: {
    byChannel: Array<{ channel: DelegationChannel | null; count: number; personTimes: number }>;
    byMonth: Array<{ month: number | null; count: number; personTimes: number }>;
  };
}

/** `<amity-delegation-stats year="2011" chart="channel|month|both">`: the year's delegation figures and a small chart. */
export class AmityDelegationStats extends AmityWidget<DelegationStatsData> {
  static readonly observedAttributes = [...AmityWidget.common, 'year', 'chart'];

  protected operation() {
    const year = Number(this.getAttribute('year')) || new Date().getFullYear();
    return { name: 'DelegationStats', variables: { year } };
  }

  protected render(data: DelegationStatsData): string {
    const lang = this.language;
    const report = data.annualReport;
    const figure = (label: string, figures: Figures) =>
      `<div class="figure"><span class="muted">${esc(label)}</span><b>${esc(figures.personTimes.value)}</b><span class="muted">${esc(t(TEXT.personTimes, lang))} · ${esc(figures.delegations.value)} ${esc(t(TEXT.delegations, lang))}</span></div>`;
    const title = lang === 'zh' ? `${report.year}${t(TEXT.statsTitle, lang)}` : `${report.year} ${t(TEXT.statsTitle, lang)}`;
    const chart = this.getAttribute('chart') ?? 'both';
    return [
      `<h2>${esc(title)}</h2>`,
      `<div class="figures">${figure(t(TEXT.inbound, lang), report.inboundForeignGuests)}${figure(t(TEXT.sisterCityVisitors, lang), report.sisterCityVisitors)}${figure(t(TEXT.overseasChinese, lang), report.overseasChineseVisitors)}${figure(t(TEXT.outbound, lang), report.outboundApproved)}</div>`,
      chart !== 'month' ? `<h3>${esc(t(TEXT.byChannel, lang))}</h3>${channelBars(data.stats.byChannel, lang)}` : '',
      chart !== 'channel' ? `<h3>${esc(t(TEXT.byMonth, lang))}</h3>${monthColumns(data.stats.byMonth, lang)}` : '',
      `<footer>${esc(t(TEXT.source, lang))}</footer>`,
    ].join('');
  }
}

function channelBars(groups: DelegationStatsData['stats']['byChannel'], lang: Lang): string {
  const rows = groups.filter((group) => group.channel).sort((a, b) => b.personTimes - a.personTimes);
  const max = Math.max(1, ...rows.map((row) => row.personTimes));
  const height = rows.length * 16 + 4;
  const bars = rows
    .map((row, index) => {
      const y = index * 16 + 2;
      const width = (row.personTimes / max) * 160;
      return `<g data-channel="${esc(row.channel)}"><text x="0" y="${y + 10}">${esc(t(CHANNELS[row.channel as DelegationChannel], lang))}</text><rect class="bar" x="100" y="${y + 2}" width="${width.toFixed(1)}" height="10" rx="2"/><text x="${(104 + width).toFixed(1)}" y="${y + 10}">${esc(row.personTimes)}</text></g>`;
    })
    .join('');
  return `<svg viewBox="0 0 300 ${height}" role="img">${bars}</svg>`;
}

function monthColumns(groups: DelegationStatsData['stats']['byMonth'], lang: Lang): string {
  const byMonth = new Map(groups.map((group) => [group.month, group.personTimes]));
  const max = Math.max(1, ...byMonth.values());
  const columns = Array.from({ length: 12 }, (_, index) => {
    const month = index + 1;
    const value = byMonth.get(month) ?? 0;
    const height = (value / max) * 60;
    const x = index * 25 + 4;
    return `<g data-month="${month}"><rect class="bar" x="${x}" y="${(66 - height).toFixed(1)}" width="17" height="${height.toFixed(1)}" rx="2"><title>${esc(`${monthLabel(month, lang)}: ${value} ${t(TEXT.personTimes, lang)}`)}</title></rect><text x="${x + 8.5}" y="78" text-anchor="middle">${esc(monthLabel(month, lang))}</text></g>`;
  }).join('');
  return `<svg viewBox="0 0 304 82" role="img">${columns}</svg>`;
}
