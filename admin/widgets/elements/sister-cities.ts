import type { PartnershipLevel } from '@amity/schema/generated/graphql';
import land from 'virtual:world-land';
import { LEVELS, nameIn, t, TEXT, type Lang } from '../i18n';
import { AmityWidget, esc } from '../widget';

type Names = { zh?: string | null; en?: string | null; local?: string | null };
type PartnerCity = { id: string; names: Names; latitude: number | null; longitude: number | null; country: { code: string; names: Names } | null };
type Shown = { id: string; level: PartnershipLevel; signedOn: string | null; partnerCity: PartnerCity };
interface SisterCitiesData {
  partnerships: {
    total: number;
    items: Array<{
      id: string;
      level: PartnershipLevel;
      signedOn: string | null;
      /** Null when the city is not public (a widget reads PUBLIC records only). */
      partnerCity: PartnerCity | null;
    }>;
  };
}

const LEVEL_ORDER: PartnershipLevel[] = ['SISTER_CITY', 'FRIENDLY_EXCHANGE', 'PROSPECT'];

/** `<amity-sister-cities key lang theme size view="list|map" levels="SISTER_CITY,FRIENDLY_EXCHANGE">`: the partner cities by level. */
export class AmitySisterCities extends AmityWidget<SisterCitiesData> {
  static readonly observedAttributes = [...AmityWidget.common, 'view', 'levels'];

  protected operation() {
    const levels = (this.getAttribute('levels') ?? '')
      .split(',')
      .map((level) => level.trim())
      .filter((level): level is PartnershipLevel => (LEVEL_ORDER as string[]).includes(level));
    return { name: 'SisterCities', variables: levels.length > 0 ? { levels } : {} };
  }

  protected render(data: SisterCitiesData): string {
    const lang = this.language;
    // A partnership whose partner city is not public cannot be shown.
    const items = data.partnerships.items
      .filter((item): item is Shown => item.partnerCity !== null)
      .sort((a, b) => (a.signedOn ?? '9999').localeCompare(b.signedOn ?? '9999'));
    const title = `<h2>${esc(t(TEXT.sisterCities, lang))} <span class="muted">(${items.length})</span></h2>`;
    const body = this.getAttribute('view') === 'map' ? map(items, lang) : list(items, lang);
    return `${title}${body}<footer>${esc(t(TEXT.source, lang))}</footer>`;
  }
}

function list(items: Shown[], lang: Lang): string {
  return LEVEL_ORDER.map((level) => {
    const group = items.filter((item) => item.level === level);
    if (group.length === 0) return '';
    const rows = group
      .map((item) => {
        const city = nameIn(item.partnerCity.names, lang);
        const country = item.partnerCity.country ? nameIn(item.partnerCity.country.names, lang) : '';
        const since = item.signedOn ? `${t(TEXT.since, lang)} ${item.signedOn.slice(0, 4)}` : '';
        return `<li data-id="${esc(item.id)}"><span><b>${esc(city)}</b> <span class="muted">${esc(country)}</span></span><span class="muted">${esc(since)}</span></li>`;
      })
      .join('');
    return `<h3>${esc(t(LEVELS[level], lang))}</h3><ul>${rows}</ul>`;
  }).join('');
}

/** The land and one dot per partner city, in the 360 × 180 frame the build made the land in (y cut at 150: no Antarctica). */
function map(items: Shown[], lang: Lang): string {
  const dots = items
    .filter((item) => item.partnerCity.latitude != null && item.partnerCity.longitude != null)
    .map((item) => {
      const x = (item.partnerCity.longitude as number) + 180;
      const y = 90 - (item.partnerCity.latitude as number);
      const country = item.partnerCity.country ? ` · ${nameIn(item.partnerCity.country.names, lang)}` : '';
      const label = `${nameIn(item.partnerCity.names, lang)}${country} · ${t(LEVELS[item.level], lang)}`;
      return `<circle class="dot ${esc(item.level)}" cx="${x.toFixed(1)}" cy="${y.toFixed(1)}" r="2.4"><title>${esc(label)}</title></circle>`;
    })
    .join('');
  const legend = LEVEL_ORDER.filter((level) => items.some((item) => item.level === level))
    .map((level) => `<span class="tag">${esc(t(LEVELS[level], lang))}</span>`)
    .join(' ');
  return `<svg viewBox="0 0 360 150" role="img" aria-label="${esc(t(TEXT.sisterCities, lang))}"><path class="land" d="${land}"/>${dots}</svg><p>${legend}</p>${list(items, lang)}`;
}
