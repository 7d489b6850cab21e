/**
 * A real HTTP server for the team-URL tests (unit tests through Node's fetch, browser tests through Chromium's), on
 * this computer only. Each test serves its answer at its own path, so tests share one server and never each
 * other's answers; the server records what each path was asked with.
 */
import { once } from 'node:events';
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type Handler = (req: IncomingMessage, res: ServerResponse) => void;

export interface TestServer {
  /** `http://127.0.0.1:<port>` or `http://localhost:<port>`. */
  origin: string;
  /** Serve `handler` at `path` and return the address to fetch. */
  serve(path: string, handler: Handler): string;
  /** The headers of each request the server received at `path`, in order. */
  requests(path: string): IncomingHttpHeaders[];
  close(): Promise<void>;
}

export async function startServer(host: '127.0.0.1' | 'localhost'): Promise<TestServer> {
  const handlers = new Map<string, Handler>();
  const received = new Map<string, IncomingHttpHeaders[]>();
  const server: Server = createServer((req, res) => {
    const path = req.url ?? '/';
    received.set(path, [...(received.get(path) ?? []), req.headers]);
    const handler = handlers.get(path);
    if (handler) handler(req, res);
    else res.writeHead(404, 'Not Found').end(`no test serves ${path}`);
  });
  server.listen(0, host);
  await once(server, 'listening');
  const origin = `http://${host}:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    serve(path, handler) {
      handlers.set(path, handler);
      return `${origin}${path}`;
    },
    requests: (path) => received.get(path) ?? [],
    async close() {
      // The stalled answers are still open: end them, or close() waits for them forever.
      server.closeAllConnections();
      server.close();
      await once(server, 'close');
    },
  };
}

/** What the server sent of a long body before it finished or the client went away. */
export interface Streamed {
  written: number;
  finished: boolean;
}

/**
 * Send `total` bytes of a JSON list as fast as the client takes them; resolves when the response closes, with how
 * much was written. A client that stops reading early closes the connection long before `total`.
 */
export function streamLongList(res: ServerResponse, total: number): Promise<Streamed> {
  return new Promise((resolve) => {
    const chunk = Buffer.from(`${'1,'.repeat(8191)}1,`);
    let written = 0;
    let closed = false;
    res.on('close', () => {
      closed = true;
      resolve({ written, finished: res.writableFinished });
    });
    res.write('[');
    const pump = () => {
      while (!closed && written < total) {
        written += chunk.length;
        if (!res.write(chunk)) {
          res.once('drain', pump);
          return;
        }
      }
      if (!closed) res.end('1]');
    };
    pump();
  });
}
