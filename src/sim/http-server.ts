import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import type { UploadedFile } from './context.js';

// A 1×1 transparent PNG: what the fake serves for attachments it invented.
const PLACEHOLDER_PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=',
  'base64',
);

export interface HttpServerHandlers {
  rest: (request: IncomingMessage, response: ServerResponse) => Promise<void>;
  gateway: (request: IncomingMessage, socket: Duplex, head: Buffer) => void;
  uploads: ReadonlyMap<string, UploadedFile>;
}

/**
 * One loopback HTTP server for everything: `/api/*` REST, WebSocket upgrades on `/gateway*`, and attachment files
 * under `/attachments/*`.
 */
export class HttpServer {
  readonly #server: Server;

  private constructor(server: Server) {
    this.#server = server;
  }

  static async listen(handlers: HttpServerHandlers): Promise<HttpServer> {
    const server = createServer((request, response) => {
      const path = new URL(request.url ?? '/', 'http://fake').pathname;
      if (request.method === 'GET' && path.startsWith('/attachments/')) {
        const upload = handlers.uploads.get(path);
        response.writeHead(200, { 'content-type': upload?.contentType ?? 'image/png' });
        response.end(upload?.bytes ?? PLACEHOLDER_PNG);
        return;
      }
      handlers.rest(request, response).catch((error: unknown) => {
        response.statusCode = 500;
        response.end(String(error));
      });
    });
    server.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
      const path = new URL(request.url ?? '/', 'http://fake').pathname;
      if (path.startsWith('/gateway')) handlers.gateway(request, socket, head);
      else socket.destroy();
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    });
    return new HttpServer(server);
  }

  get port(): number {
    const address = this.#server.address();
    if (address === null || typeof address === 'string') throw new Error('fake-discord: the server is not listening on TCP');
    return address.port;
  }

  async close(): Promise<void> {
    // discord.js keeps HTTP connections alive; without closing them server.close() would wait for their timeout.
    this.#server.closeAllConnections();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }
}
