// A small fault-injecting HTTP proxy on 127.0.0.1 in front of radosgw (issues 5 and 12). Plain Node,
// no SDK: the integration tests and the extension-host tests both start one. Requests are forwarded
// unchanged (the Host header included, so SigV4 signatures still match) unless a fault mode says
// otherwise. Every fault listens on 127.0.0.1 only; the unresolvable host needs no server at all.
import * as http from 'node:http';
import * as net from 'node:net';
import type { AddressInfo, Socket } from 'node:net';

export type FaultMode =
  | 'pass'
  /** Connection refused: nothing listens on the port. */
  | 'down'
  /** Connections are accepted, then closed without an answer (socket hang up / ECONNRESET). */
  | 'reset'
  /** Reads the request, never answers (beyond any client time-out). */
  | 'slow'
  /** Accepts the TCP connection and never reads or answers it: a firewall or a half-up VPN. */
  | 'hang'
  /** Answers 200 with its headers, then one byte of body per second: idle time-outs never fire. */
  | 'drip'
  | 'error500'
  | 'slowDown503'
  /** 200 with a listing cut off in the middle of its XML. */
  | 'truncatedXml'
  /** 403 AccessDenied for requests to `options.bucket`, pass-through for everything else. */
  | 'accessDenied'
  | 'clockSkew'
  | 'expiredToken';

export interface FaultOptions {
  bucket?: string;
}

/** `drip`'s pace. */
export const DRIP_INTERVAL_MS = 1000;

/**
 * An endpoint whose host name never resolves: `.invalid` is reserved for that (RFC 2606), so no DNS
 * server anywhere answers it.
 */
export function unresolvableEndpoint(port = 9000): string {
  return `http://s3-presign-fault.invalid:${port}`;
}

/** Modes whose connections stay open until dropped. */
const HOLDING: ReadonlySet<FaultMode> = new Set<FaultMode>(['slow', 'reset', 'hang', 'drip']);

function errorXml(code: string, message: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${message}</Message><RequestId>fault-proxy</RequestId></Error>`;
}

const CANNED: Partial<Record<FaultMode, { status: number; code: string; message: string }>> = {
  error500: { status: 500, code: 'InternalError', message: 'We encountered an internal error. Please try again.' },
  slowDown503: { status: 503, code: 'SlowDown', message: 'Please reduce your request rate.' },
  clockSkew: { status: 403, code: 'RequestTimeTooSkewed', message: 'The difference between the request time and the current time is too large.' },
  expiredToken: { status: 400, code: 'ExpiredToken', message: 'The provided token has expired.' },
};

const TRUNCATED_LISTING =
  '<?xml version="1.0" encoding="UTF-8"?>\n<ListAllMyBucketsResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/">' +
  '<Owner><ID>test</ID></Owner><Buckets><Bucket><Name>presign-te';

export class FaultProxy {
  /** Requests received since the last `setMode` (retries included; connections in `hang`). */
  private received = 0;
  private waiters: Array<{ count: number; resolve: () => void }> = [];
  private mode: FaultMode = 'pass';
  private options: FaultOptions = {};
  private readonly sockets = new Set<Socket>();
  /** Accepts connections; hands them to `http` unless the mode is `hang`. */
  private readonly server: net.Server;
  private readonly http: http.Server;
  private port = 0;
  private listening = false;

  private constructor(private readonly target: URL) {
    this.http = http.createServer((req, res) => this.handle(req, res));
    this.server = net.createServer((socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
      socket.on('error', () => undefined);
      if (this.mode === 'hang') {
        this.count();
        return;
      }
      this.http.emit('connection', socket);
    });
  }

  /** Starts a proxy to `target` (e.g. `http://127.0.0.1:7480`) on a free loopback port. */
  static async start(target: string): Promise<FaultProxy> {
    const proxy = new FaultProxy(new URL(target));
    await proxy.listen(0);
    return proxy;
  }

  get requests(): number {
    return this.received;
  }

  /** Resolves once `count` requests (connections in `hang`) arrived since the last `setMode`. */
  waitForRequests(count: number): Promise<void> {
    return this.received >= count ? Promise.resolve() : new Promise((resolve) => this.waiters.push({ count, resolve }));
  }

  private count(): void {
    this.received++;
    const ready = this.waiters.filter((w) => w.count <= this.received);
    this.waiters = this.waiters.filter((w) => w.count > this.received);
    ready.forEach((w) => w.resolve());
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  async setMode(mode: FaultMode, options: FaultOptions = {}): Promise<void> {
    this.received = 0;
    this.options = options;
    const previous = this.mode;
    this.mode = mode;
    if (mode === 'down' && this.listening) {
      await this.stopListening();
    } else if (mode !== 'down' && !this.listening) {
      await this.listen(this.port);
    }
    if (HOLDING.has(previous) || mode === 'hang') {
      // Held connections would otherwise answer nothing forever; and `hang` must catch the client's
      // next connection, not a kept-alive one.
      this.dropConnections();
    }
  }

  async close(): Promise<void> {
    this.mode = 'pass';
    if (this.listening) {
      await this.stopListening();
    }
  }

  private listen(port: number): Promise<void> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, '127.0.0.1', () => {
        this.server.off('error', reject);
        this.port = (this.server.address() as AddressInfo).port;
        this.listening = true;
        resolve();
      });
    });
  }

  private stopListening(): Promise<void> {
    return new Promise((resolve) => {
      this.server.close(() => resolve());
      this.listening = false;
      this.dropConnections();
    });
  }

  private dropConnections(): void {
    for (const socket of this.sockets) {
      socket.destroy();
    }
    this.sockets.clear();
  }

  private handle(req: http.IncomingMessage, res: http.ServerResponse): void {
    this.count();
    const mode = this.mode;
    if (mode === 'reset') {
      req.socket.destroy();
      return;
    }
    if (mode === 'slow') {
      req.resume(); // read the body, answer never
      return;
    }
    if (mode === 'drip') {
      this.drip(req, res);
      return;
    }
    const canned = CANNED[mode];
    if (canned) {
      this.reply(req, res, canned.status, errorXml(canned.code, canned.message));
      return;
    }
    if (mode === 'truncatedXml') {
      this.reply(req, res, 200, TRUNCATED_LISTING);
      return;
    }
    const bucket = this.options.bucket;
    const path = (req.url ?? '/').split('?')[0];
    if (mode === 'accessDenied' && bucket && (path === `/${bucket}` || path.startsWith(`/${bucket}/`))) {
      this.reply(req, res, 403, errorXml('AccessDenied', 'Access Denied'));
      return;
    }
    this.forward(req, res);
  }

  private drip(req: http.IncomingMessage, res: http.ServerResponse): void {
    req.resume();
    const body = TRUNCATED_LISTING.repeat(20);
    res.writeHead(200, { 'content-type': 'application/xml', 'content-length': Buffer.byteLength(body), 'x-amz-request-id': 'fault-proxy' });
    res.flushHeaders();
    let sent = 0;
    const timer = setInterval(() => {
      if (sent < body.length) {
        res.write(body[sent++]);
      }
    }, DRIP_INTERVAL_MS);
    res.on('close', () => clearInterval(timer));
  }

  private reply(req: http.IncomingMessage, res: http.ServerResponse, status: number, body: string): void {
    req.resume();
    res.writeHead(status, { 'content-type': 'application/xml', 'content-length': Buffer.byteLength(body), 'x-amz-request-id': 'fault-proxy' });
    res.end(req.method === 'HEAD' ? undefined : body);
  }

  private forward(req: http.IncomingMessage, res: http.ServerResponse): void {
    const upstream = http.request(
      {
        host: this.target.hostname,
        port: this.target.port,
        method: req.method,
        path: req.url,
        headers: req.headers,
      },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on('error', () => {
      res.destroy();
    });
    req.pipe(upstream);
  }
}
