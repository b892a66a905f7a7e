/**
 * A loopback HTTP proxy in front of another loopback server: it answers the first requests
 * from a scripted list of failures (e.g. 429 with Retry-After) and forwards the rest unchanged.
 * The OpenAI test server scripts failures for chat only; this adds them for any route.
 */
import { createServer, request as httpRequest, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export interface ScriptedFailure {
  status: number;
  headers?: Record<string, string>;
  message?: string;
}

export interface FaultProxy {
  /** Same path as the target's base URL, on the proxy's port. */
  baseURL: string;
  /** Every request the proxy received (method and path), failed or forwarded. */
  requests: { method: string; path: string; failedWith?: number }[];
  fail(...failures: ScriptedFailure[]): void;
  close(): Promise<void>;
}

export async function startFaultProxy(targetBaseURL: string): Promise<FaultProxy> {
  const target = new URL(targetBaseURL);
  const failures: ScriptedFailure[] = [];
  const requests: FaultProxy['requests'] = [];
  const sockets = new Set<Socket>();
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const failure = failures.shift();
      requests.push({ method: req.method ?? 'GET', path: req.url ?? '/', ...(failure ? { failedWith: failure.status } : {}) });
      if (failure) {
        res.writeHead(failure.status, { 'content-type': 'application/json', ...failure.headers });
        res.end(JSON.stringify({ error: { message: failure.message ?? `scripted ${failure.status}`, type: 'scripted' } }));
        return;
      }
      const upstream = httpRequest(
        { host: target.hostname, port: target.port, method: req.method, path: req.url, headers: { ...req.headers, host: target.host } },
        (reply) => {
          res.writeHead(reply.statusCode ?? 502, reply.headers);
          reply.pipe(res);
        },
      );
      upstream.on('error', () => {
        res.writeHead(502);
        res.end();
      });
      upstream.end(Buffer.concat(chunks));
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseURL: `http://127.0.0.1:${port}${target.pathname}`,
    requests,
    fail: (...more) => failures.push(...more),
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
