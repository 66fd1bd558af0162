/** A widget answer as sent: its JSON text, status and ETag. */
export interface CachedWidgetAnswer {
  body: string;
  etag: string;
}

/**
 * Where widget answers are kept between requests. In memory here; a Redis implementation can take its place
 * when several copies of the hub must share it (DESIGN §7).
 */
export interface WidgetCache {
  get(key: string): Promise<CachedWidgetAnswer | undefined>;
  set(key: string, answer: CachedWidgetAnswer, generation: number): Promise<void>;
  /** Moves to a new generation and drops everything; answers computed under an older generation are not kept. */
  clear(): Promise<void>;
  generation(): Promise<number>;
}

export class MemoryWidgetCache implements WidgetCache {
  private readonly answers = new Map<string, CachedWidgetAnswer>();
  private current = 0;

  constructor(private readonly maxEntries = 1000) {}

  async get(key: string): Promise<CachedWidgetAnswer | undefined> {
    return this.answers.get(key);
  }

  async set(key: string, answer: CachedWidgetAnswer, generation: number): Promise<void> {
    // A change committed while this answer was computed makes it stale already.
    if (generation !== this.current) return;
    if (this.answers.size >= this.maxEntries) this.answers.delete(this.answers.keys().next().value as string);
    this.answers.set(key, answer);
  }

  async clear(): Promise<void> {
    this.current += 1;
    this.answers.clear();
  }

  async generation(): Promise<number> {
    return this.current;
  }
}
