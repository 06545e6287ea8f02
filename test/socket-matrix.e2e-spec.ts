import { randomBytes } from 'node:crypto';
import { request as httpRequest, IncomingHttpHeaders } from 'node:http';
import { io } from 'socket.io-client';
import { connected } from './support/sockets';
import { createTestApp, TestApp } from './support/test-app';

/** The headers of the api's answer to a WebSocket upgrade of socket.io, read with a bare HTTP client. */
function upgradeHeaders(baseUrl: string): Promise<IncomingHttpHeaders> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(`${baseUrl}/socket.io/?EIO=4&transport=websocket`, {
      headers: { connection: 'Upgrade', upgrade: 'websocket', 'sec-websocket-version': '13', 'sec-websocket-key': randomBytes(16).toString('base64') },
    });
    req.on('upgrade', (res, socket) => {
      socket.destroy();
      resolve(res.headers);
    });
    req.on('response', (res) => reject(new Error(`no upgrade: ${res.statusCode}`)));
    req.on('error', reject);
    req.end();
  });
}

describe('socket.io transport (real server, real clients)', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('#15.16: refuses long-polling; only WebSocket connects', async () => {
    const polling = await fetch(`${t.baseUrl}/socket.io/?EIO=4&transport=polling`);
    expect(polling.status).toBe(400);
    expect(await polling.json()).toMatchObject({ message: 'Transport unknown' });
    const client = io(`${t.baseUrl}/realtime`, { path: '/socket.io', transports: ['polling'], reconnection: false, forceNew: true });
    try {
      await expect(connected(client)).rejects.toThrow();
    } finally {
      client.close();
    }
  });

  it('#15.16: socket.io\'s own HTTP answers carry the security headers', async () => {
    const polling = await fetch(`${t.baseUrl}/socket.io/?EIO=4&transport=polling`);
    const pollingHeaders: Record<string, string> = {};
    polling.headers.forEach((value, name) => (pollingHeaders[name] = value));
    for (const headers of [pollingHeaders, await upgradeHeaders(t.baseUrl)]) {
      expect(headers).toMatchObject({
        'x-content-type-options': 'nosniff',
        'x-frame-options': 'SAMEORIGIN',
        'strict-transport-security': expect.stringContaining('max-age='),
        'content-security-policy': expect.stringContaining("default-src 'self'"),
      });
    }
  });
});
