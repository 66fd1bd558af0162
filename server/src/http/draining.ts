import type { IncomingMessage, RequestListener, Server, ServerResponse } from 'node:http';

/**
 * Lets a stopping hub finish what it accepted and take nothing new. Closing the listener alone is not enough: a
 * kept-alive connection keeps bringing requests after it, which would reach a hub already stopping. So from the
 * moment the hub drains, every answer (those in flight included) says `Connection: close` and its connection ends
 * with it, and idle kept-alive connections are closed at once; a balancer or client sends what comes next to
 * another hub.
 */
export class Draining {
  private draining = false;
  /** Answers not yet sent, so that those in flight when draining starts can still be told to close. */
  private readonly inFlight = new Set<ServerResponse>();

  /** The server's listener, marking answers while draining and keeping track of those in flight. */
  listener(next: RequestListener): RequestListener {
    return (req: IncomingMessage, res: ServerResponse) => {
      if (this.draining) res.setHeader('Connection', 'close');
      else {
        this.inFlight.add(res);
        res.once('close', () => this.inFlight.delete(res));
      }
      next(req, res);
    };
  }

  /**
   * Stops taking connections and resolves once every connection has ended: at the latest after `graceMs`, when
   * the connections still open are cut (`onCut` is told how many requests were then in flight).
   */
  async drain(server: Server, graceMs: number, onCut: (requests: number) => void): Promise<void> {
    this.draining = true;
    for (const res of this.inFlight) {
      if (!res.headersSent) res.setHeader('Connection', 'close');
      // An answer already under way (a long export) was sent as keep-alive: its connection is closed once idle.
      else res.once('close', () => setImmediate(() => server.closeIdleConnections()));
    }
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeIdleConnections();
    const cut = setTimeout(() => {
      onCut(this.inFlight.size);
      server.closeAllConnections();
    }, graceMs);
    try {
      await closed;
    } finally {
      clearTimeout(cut);
    }
  }
}
