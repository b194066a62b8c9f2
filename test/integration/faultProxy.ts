// A small fault-injecting HTTP proxy on 127.0.0.1 in front of radosgw (issue 5). Plain Node, no SDK:
// the integration tests and the extension-host tests both start one. Requests are forwarded unchanged
// (the Host header included, so SigV4 signatures still match) unless a fault mode says otherwise.
import * as http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export type FaultMode =
  | 'pass'
  /** Connection refused: nothing listens on the port. */
  | 'down'
  /** Connections are accepted, then closed without an answer (socket hang up / ECONNRESET). */
  | 'reset'
  /** Never answers (beyond any client time-out). */
  | 'slow'
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
  /** Requests received since the last `setMode` (retries included). */
  requests = 0;
  private mode: FaultMode = 'pass';
  private options: FaultOptions = {};
  private readonly sockets = new Set<Socket>();
  private readonly server: http.Server;
  private port = 0;
  private listening = false;

  private constructor(private readonly target: URL) {
    this.server = http.createServer((req, res) => this.handle(req, res));
    this.server.on('connection', (socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
  }

  /** Starts a proxy to `target` (e.g. `http://127.0.0.1:7480`) on a free loopback port. */
  static async start(target: string): Promise<FaultProxy> {
    const proxy = new FaultProxy(new URL(target));
    await proxy.listen(0);
    return proxy;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  async setMode(mode: FaultMode, options: FaultOptions = {}): Promise<void> {
    this.requests = 0;
    this.options = options;
    const previous = this.mode;
    this.mode = mode;
    if (mode === 'down' && this.listening) {
      await this.stopListening();
    } else if (mode !== 'down' && !this.listening) {
      await this.listen(this.port);
    }
    if (previous === 'slow' || previous === 'reset') {
      // Held connections would otherwise answer nothing forever.
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
    this.requests++;
    const mode = this.mode;
    if (mode === 'reset') {
      req.socket.destroy();
      return;
    }
    if (mode === 'slow') {
      req.resume(); // read the body, answer never
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
