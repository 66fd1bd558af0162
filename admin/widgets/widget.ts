import { HUB_ORIGIN, runOperation, WidgetError } from './hub';
import { t, TEXT, type Lang } from './i18n';

/** Text made safe to place in HTML, for every value that comes from the data. */
export function esc(value: unknown): string {
  return String(value ?? '').replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

// Colours, font and size are CSS custom properties: a host page sets --amity-* on the element to restyle it,
// and nothing else of its styles gets in (shadow DOM).
const STYLE = `
:host { display: block; box-sizing: border-box; contain: content;
  --amity-bg: #ffffff; --amity-fg: #1f2933; --amity-muted: #6b7785; --amity-accent: #b42318; --amity-accent-2: #1d5fa8;
  --amity-border: #d9dee4; --amity-land: #e4e8ec; --amity-radius: 8px;
  --amity-font: system-ui, -apple-system, "PingFang SC", "Microsoft YaHei", "WenQuanYi Micro Hei", sans-serif;
  font-family: var(--amity-font); font-size: var(--amity-font-size, 14px); color: var(--amity-fg); max-width: var(--amity-width, 480px); }
:host([theme="dark"]) { --amity-bg: #161b22; --amity-fg: #e6edf3; --amity-muted: #9aa6b2; --amity-accent: #ff7b72; --amity-accent-2: #79c0ff;
  --amity-border: #30363d; --amity-land: #2d333b; }
:host([size="small"]) { --amity-font-size: 12px; --amity-width: 320px; }
:host([size="large"]) { --amity-font-size: 16px; --amity-width: 720px; }
:host([hidden]) { display: none; }
.box { background: var(--amity-bg); border: 1px solid var(--amity-border); border-radius: var(--amity-radius); padding: 0.9em 1em; }
h2 { font-size: 1.15em; margin: 0 0 0.6em; font-weight: 600; }
h3 { font-size: 0.95em; margin: 0.9em 0 0.4em; color: var(--amity-muted); font-weight: 600; }
ul { list-style: none; margin: 0; padding: 0; }
li { padding: 0.35em 0; border-top: 1px solid var(--amity-border); display: flex; gap: 0.6em; justify-content: space-between; }
li:first-child { border-top: none; }
.muted { color: var(--amity-muted); font-size: 0.9em; }
.notice { color: var(--amity-muted); font-size: 0.95em; margin: 0; }
.figures { display: grid; grid-template-columns: repeat(auto-fit, minmax(9em, 1fr)); gap: 0.6em; }
.figure { border: 1px solid var(--amity-border); border-radius: 6px; padding: 0.5em 0.6em; }
.figure b { display: block; font-size: 1.5em; color: var(--amity-accent); }
.timeline li { justify-content: flex-start; }
.timeline time { min-width: 7.5em; color: var(--amity-accent-2); font-variant-numeric: tabular-nums; }
svg { display: block; width: 100%; height: auto; }
svg text { fill: var(--amity-fg); font-size: 9px; }
.land { fill: var(--amity-land); }
.dot { fill: var(--amity-accent); stroke: var(--amity-bg); stroke-width: 0.6; }
.dot.FRIENDLY_EXCHANGE { fill: var(--amity-accent-2); }
.bar { fill: var(--amity-accent-2); }
.tag { font-size: 0.8em; border: 1px solid var(--amity-border); border-radius: 999px; padding: 0 0.5em; color: var(--amity-muted); white-space: nowrap; overflow: hidden; text-overflow: ellipsis; max-width: 55%; align-self: center; }
h2 .tag, p .tag { max-width: none; }
footer { margin-top: 0.6em; font-size: 0.75em; color: var(--amity-muted); }
`;

/**
 * What every <amity-*> element shares: the attributes key, lang (zh/en), theme (light/dark), size
 * (small/medium/large) and hub; a shadow root; loading its persisted operation; and a small notice in its own
 * box when there is nothing to show (hub unreachable, key refused).
 */
export abstract class AmityWidget<T> extends HTMLElement {
  static readonly common = ['key', 'lang', 'theme', 'size', 'hub'];
  private readonly root: ShadowRoot;
  private loads = 0;
  private pending = false;

  constructor() {
    super();
    this.root = this.attachShadow({ mode: 'open' });
  }

  get language(): Lang {
    return this.getAttribute('lang') === 'en' ? 'en' : 'zh';
  }

  /** The persisted operation and its variables, read from the attributes. */
  protected abstract operation(): { name: string; variables: Record<string, unknown> };
  /** The inner HTML for the data (every value escaped with esc). */
  protected abstract render(data: T): string;

  connectedCallback(): void {
    this.schedule();
  }

  attributeChangedCallback(_name: string, previous: string | null, next: string | null): void {
    if (previous !== next && this.isConnected) this.schedule();
  }

  /** Several attributes set one after another load once. */
  private schedule(): void {
    if (this.pending) return;
    this.pending = true;
    queueMicrotask(() => {
      this.pending = false;
      void this.load();
    });
  }

  private show(html: string, state: string): void {
    this.root.innerHTML = `<style>${STYLE}</style><div class="box" part="box" data-state="${state}">${html}</div>`;
  }

  protected notice(text: string, state: string): void {
    this.show(`<p class="notice" role="status">${esc(text)}</p>`, state);
  }

  private async load(): Promise<void> {
    const load = ++this.loads;
    const key = this.getAttribute('key');
    if (!key) {
      this.notice(t(TEXT.noKey, this.language), 'error');
      return;
    }
    if (!this.root.innerHTML) this.notice(t(TEXT.loading, this.language), 'loading');
    const { name, variables } = this.operation();
    try {
      const data = await runOperation<T>(this.getAttribute('hub') || HUB_ORIGIN, key, name, variables);
      if (load !== this.loads) return;
      this.show(this.render(data), 'ready');
    } catch (error) {
      if (load !== this.loads) return;
      const code = error instanceof WidgetError ? error.code : 'INTERNAL';
      const text =
        code === 'UNREACHABLE'
          ? TEXT.unreachable
          : code === 'UNAUTHENTICATED' || code === 'FORBIDDEN'
            ? TEXT.badKey
            : code === 'RATE_LIMITED'
              ? TEXT.rateLimited
              : code === 'NOT_FOUND'
                ? TEXT.notFound
                : TEXT.failed;
      this.notice(t(text, this.language), code === 'UNREACHABLE' ? 'unreachable' : 'error');
    }
  }
}
