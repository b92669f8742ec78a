/**
 * The optional operations endpoint (METRICS_PORT): `/healthz` for a supervisor's liveness/readiness probe and
 * `/metrics` for Prometheus. Off unless configured; binds 127.0.0.1 by default so nothing is exposed by accident.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { BotMetrics } from './metrics.js';

export interface HealthReport {
  gateway: boolean;
  database: boolean;
}

export interface OpsServerOptions {
  port: number;
  host: string;
  metrics: BotMetrics;
  /** Whether the gateway is connected and ready, and whether the database answers a query. */
  health: () => HealthReport;
}

export interface OpsServer {
  /** The bound port (differs from the option when it was 0). */
  port: number;
  close(): Promise<void>;
}

export async function startOpsServer(options: OpsServerOptions): Promise<OpsServer> {
  const server: Server = createServer((request, response) => {
    const path = (request.url ?? '/').split('?')[0];
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.writeHead(405, { allow: 'GET, HEAD' }).end();
      return;
    }
    if (path === '/healthz') {
      const report = safeHealth(options.health);
      const ok = report.gateway && report.database;
      response.writeHead(ok ? 200 : 503, { 'content-type': 'application/json' }).end(JSON.stringify({ status: ok ? 'ok' : 'unavailable', ...report }));
      return;
    }
    if (path === '/metrics') {
      options.metrics.registry
        .metrics()
        .then((body) => response.writeHead(200, { 'content-type': options.metrics.registry.contentType }).end(body))
        .catch(() => response.writeHead(500).end());
      return;
    }
    response.writeHead(404).end();
  });
  // Keep-alive sockets from a scraper must not hold shutdown up.
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function safeHealth(health: () => HealthReport): HealthReport {
  try {
    return health();
  } catch {
    return { gateway: false, database: false };
  }
}
