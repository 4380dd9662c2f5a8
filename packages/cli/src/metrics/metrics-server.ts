import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fromSystemError } from '@switchboard/core/transport';

/** What the metrics server answers at its metrics path: Prometheus text and its content type. */
export interface MetricsSource {
  readonly contentType: string;
  metrics(): Promise<string>;
}

/**
 * The `--metrics` HTTP server: Prometheus text at the URL's path, `/healthz` (200 while the
 * process runs) and `/readyz` (200 between `ready()` and `draining()`, else 503) beside it.
 */
export class MetricsServer {
  private state: 'starting' | 'ready' | 'draining' = 'starting';

  private constructor(
    private readonly server: Server,
    private readonly path: string,
    private readonly source: MetricsSource,
    /** The URL with its real port. */
    readonly url: string,
  ) {
    server.on('request', (req, res) => void this.answer(req, res));
  }

  /** Binds `url` (`http://host:port/path`; port 0 picks one). Rejects with a coded error (EADDRINUSE). */
  static async start(url: string, source: MetricsSource): Promise<MetricsServer> {
    const { hostname, port, pathname } = new URL(url);
    const server = createServer();
    const host = hostname.replace(/^\[(.*)\]$/, '$1');
    await new Promise<void>((resolve, reject) => {
      server.once('error', (err) => reject(fromSystemError(err, 'serve metrics on', url)));
      server.listen(Number(port), host, resolve);
    });
    const bound = (server.address() as AddressInfo).port;
    return new MetricsServer(server, pathname, source, `http://${hostname}:${bound}${pathname}`);
  }

  /** Every listener is bound: `/readyz` answers 200. */
  ready(): void {
    if (this.state === 'starting') this.state = 'ready';
  }

  /** A graceful shutdown began: `/readyz` answers 503 so that load balancers stop sending clients. */
  draining(): void {
    this.state = 'draining';
  }

  /** Stops answering; keep-alive scrapers are cut so that the process can exit. */
  close(): Promise<void> {
    return new Promise((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }

  private async answer(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, 'text/plain', 'GET only\n');
    if (path === '/healthz') return send(res, 200, 'text/plain', 'ok\n');
    if (path === '/readyz') {
      const ready = this.state === 'ready';
      return send(res, ready ? 200 : 503, 'text/plain', ready ? 'ready\n' : `${this.state}\n`);
    }
    if (path !== this.path) return send(res, 404, 'text/plain', 'not found\n');
    try {
      send(res, 200, this.source.contentType, await this.source.metrics());
    } catch (err) {
      send(res, 500, 'text/plain', `metrics failed: ${(err as Error).message}\n`);
    }
  }
}

function send(res: ServerResponse, status: number, type: string, body: string): void {
  res.writeHead(status, { 'content-type': type, 'content-length': Buffer.byteLength(body) });
  res.end(body);
}
