/**
 * An HTTP endpoint that must never be called: it answers 500 to everything and records what it
 * got. Put where a profile's credentials must not go (another profile's STS/SSO endpoints) and
 * assert it stayed empty. `GET /__trap/requests` reads the record from another process.
 */
import * as http from 'http';
import type { AddressInfo } from 'net';

export interface Trap {
  url: string;
  /** "METHOD path x-amz-target" per request caught. */
  readonly caught: string[];
  stop(): Promise<void>;
}

export async function startTrap(): Promise<Trap> {
  const caught: string[] = [];
  const server = http.createServer((req, res) => {
    if (req.method === 'GET' && req.url === '/__trap/requests') {
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(caught));
      return;
    }
    caught.push(`${req.method} ${req.url} ${String(req.headers['x-amz-target'] ?? '')}`);
    req.resume();
    res.writeHead(500).end('trap: this endpoint belongs to another profile');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, caught, stop: () => new Promise<void>((r) => server.close(() => r())) };
}

/**
 * An endpoint that records each request ("METHOD path") and passes it on to `target` (the
 * emulator): proves which of a profile's endpoints a request went to when two of them lead to
 * the same emulator.
 */
export async function startRecordingProxy(target: string): Promise<Trap> {
  const caught: string[] = [];
  const to = new URL(target);
  const server = http.createServer((req, res) => {
    caught.push(`${req.method} ${req.url}`);
    const forwarded = http.request(
      { host: to.hostname, port: to.port, method: req.method, path: req.url, headers: { ...req.headers, host: to.host } },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    forwarded.on('error', () => res.writeHead(502).end('proxy: the target did not answer'));
    req.pipe(forwarded);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    caught,
    stop: () => new Promise<void>((r) => {
      server.closeAllConnections();
      server.close(() => r());
    }),
  };
}
