import net from 'node:net';

/** An answer read whole: its status and its body. */
export interface HttpAnswer {
  status: number;
  body: Buffer;
}

/** What a request sends, as bytes: an HTTP/1.1 request line, its headers (with Host and Content-Length) and its body. */
export function requestBytes(url: URL, request: { method: string; path: string; headers: Record<string, string>; body?: string }): Buffer {
  const body = request.body === undefined ? undefined : Buffer.from(request.body, 'utf8');
  const headers = { host: url.host, ...request.headers, ...(body ? { 'content-length': String(body.length) } : {}) };
  const head = `${request.method} ${request.path} HTTP/1.1\r\n${Object.entries(headers)
    .map(([name, value]) => `${name}: ${value}\r\n`)
    .join('')}\r\n`;
  return body ? Buffer.concat([Buffer.from(head, 'latin1'), body]) : Buffer.from(head, 'latin1');
}

const HEAD_END = Buffer.from('\r\n\r\n');

/**
 * One keep-alive HTTP/1.1 connection for timing requests one at a time: it writes a request made beforehand
 * (requestBytes) and reads its answer whole, by its Content-Length, as autocannon's connections do. Node's own
 * HTTP client, which the benchmark used before, spent 0.1–0.6 ms more a request than this on the same answers
 * (test/bench/RESULTS.md, tenth session), time of the measuring process that the API and the HTTP floor were
 * charged and the SQL floor was not. A connection the server closes or breaks fails the request in flight and is
 * opened again for the next.
 */
export class HttpConnection {
  private socket: net.Socket | undefined;
  private chunks: Buffer[] = [];
  private received = 0;
  /** Where the body of the answer in flight starts and ends in what was received, once its head is read. */
  private body: { start: number; end: number } | undefined;
  private status = 0;
  private pending: { resolve: (answer: HttpAnswer) => void; reject: (error: Error) => void } | undefined;

  constructor(private readonly url: URL) {}

  /** Sends one request (requestBytes) and resolves with its answer; one request at a time. */
  send(bytes: Buffer): Promise<HttpAnswer> {
    if (this.pending) return Promise.reject(new Error('HttpConnection sends one request at a time'));
    return new Promise<HttpAnswer>((resolve, reject) => {
      this.pending = { resolve, reject };
      this.open().write(bytes);
    });
  }

  close(): void {
    this.socket?.destroy();
    this.socket = undefined;
  }

  private open(): net.Socket {
    if (this.socket && !this.socket.destroyed) return this.socket;
    const socket = net.connect(Number(this.url.port), this.url.hostname);
    socket.setNoDelay(true);
    // A socket closed before (close()) has no say over the requests sent on the next one.
    socket.on('data', (chunk: Buffer) => {
      if (this.socket === socket) this.read(chunk);
    });
    const broken = (error?: Error) => {
      if (this.socket !== socket) return;
      this.socket = undefined;
      this.fail(error ?? new Error('the server closed the connection'));
    };
    socket.on('error', broken);
    socket.on('close', () => broken());
    this.socket = socket;
    return socket;
  }

  private read(chunk: Buffer): void {
    this.chunks.push(chunk);
    this.received += chunk.length;
    if (!this.body) {
      const received = this.chunks.length === 1 ? chunk : Buffer.concat(this.chunks, this.received);
      const headEnd = received.indexOf(HEAD_END);
      if (headEnd < 0) return;
      const head = received.toString('latin1', 0, headEnd);
      this.status = Number(head.slice(9, 12));
      const length = /\r\ncontent-length:\s*(\d+)/i.exec(head)?.[1];
      if (length === undefined && this.status !== 204 && this.status !== 304) {
        this.fail(new Error(`an answer without Content-Length (status ${this.status}): the benchmark's client reads only those`));
        this.close();
        return;
      }
      const start = headEnd + HEAD_END.length;
      this.body = { start, end: start + Number(length ?? 0) };
    }
    if (this.received < this.body.end) return;
    const whole = this.chunks.length === 1 ? chunk : Buffer.concat(this.chunks, this.received);
    const answer = { status: this.status, body: whole.subarray(this.body.start, this.body.end) };
    const pending = this.pending;
    this.reset();
    this.pending = undefined;
    pending?.resolve(answer);
  }

  private fail(error: Error): void {
    const pending = this.pending;
    this.reset();
    this.pending = undefined;
    pending?.reject(error);
  }

  private reset(): void {
    this.chunks = [];
    this.received = 0;
    this.body = undefined;
    this.status = 0;
  }
}
