import type { EventKind } from '@amity/schema/generated/graphql';
import { dateLabel, EVENT_KINDS, nameIn, t, TEXT } from '../i18n';
import { AmityWidget, esc } from '../widget';

type Names = { zh?: string | null; en?: string | null };
interface EventsData {
  events: { total: number; items: Array<{ id: string; kind: EventKind; startDate: string | null; endDate: string | null; venue: string | null; names: Names; city: { names: Names } | null }> };
}

function today(): string {
  const now = new Date();
  return `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, '0')}-${String(now.getDate()).padStart(2, '0')}`;
}

/** `<amity-events from="YYYY-MM-DD" first="10">`: upcoming events as a timeline (from today unless told). */
export class AmityEvents extends AmityWidget<EventsData> {
  static readonly observedAttributes = [...AmityWidget.common, 'from', 'first'];

  protected operation() {
    const from = /^\d{4}-\d{2}-\d{2}$/.test(this.getAttribute('from') ?? '') ? (this.getAttribute('from') as string) : today();
    const first = Math.min(50, Math.max(1, Number(this.getAttribute('first')) || 10));
    return { name: 'UpcomingEvents', variables: { from, first } };
  }

  protected render(data: EventsData): string {
    const lang = this.language;
    const rows = data.events.items
      .map((event) => {
        const place = [event.city ? nameIn(event.city.names, lang) : '', event.venue ?? ''].filter(Boolean).join(' · ');
        return `<li data-id="${esc(event.id)}"><time datetime="${esc(event.startDate)}">${esc(dateLabel(event.startDate, lang))}</time><span><b>${esc(nameIn(event.names, lang))}</b><br><span class="muted">${esc(place)}</span></span><span class="tag">${esc(t(EVENT_KINDS[event.kind], lang))}</span></li>`;
      })
      .join('');
    return `<h2>${esc(t(TEXT.events, lang))}</h2>${rows ? `<ul class="timeline">${rows}</ul>` : `<p class="notice">${esc(t(TEXT.noEvents, lang))}</p>`}<footer>${esc(t(TEXT.source, lang))}</footer>`;
  }
}
