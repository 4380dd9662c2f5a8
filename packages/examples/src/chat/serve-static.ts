import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { extname, join, resolve, sep } from 'node:path';
import type { HttpRequestHandler } from '@switchboard/core';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
};

/**
 * An `httpHandler` that serves the files under `root` (GET and HEAD; `/` is `index.html`), for a
 * web page on the same port as a WebSocket listener. Paths that leave `root` get 404.
 */
export function serveStatic(root: string): HttpRequestHandler {
  const base = resolve(root);
  return (req, res) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      return void res.writeHead(405, { Allow: 'GET, HEAD', 'Content-Type': 'text/plain' }).end('Method Not Allowed\n');
    }
    const file = fileFor(base, req.url);
    const notFound = () => void res.writeHead(404, { 'Content-Type': 'text/plain' }).end('Not Found\n');
    if (!file) return notFound();
    stat(file).then(
      (info) => {
        if (!info.isFile()) return notFound();
        res.writeHead(200, {
          'Content-Type': CONTENT_TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream',
          'Content-Length': info.size,
          'Cache-Control': 'no-cache',
          'X-Content-Type-Options': 'nosniff',
        });
        if (req.method === 'HEAD') return void res.end();
        createReadStream(file)
          .on('error', () => res.destroy())
          .pipe(res);
      },
      () => notFound(),
    );
  };
}

/** The file a request path names inside `base`, or undefined when it is malformed or escapes `base`. */
function fileFor(base: string, url: string | undefined): string | undefined {
  let path: string;
  try {
    path = decodeURIComponent(new URL(url ?? '/', 'http://localhost').pathname);
  } catch {
    return undefined;
  }
  if (path.includes('\0')) return undefined;
  if (path.endsWith('/')) path += 'index.html';
  const file = join(base, path);
  return file.startsWith(base + sep) ? file : undefined;
}
