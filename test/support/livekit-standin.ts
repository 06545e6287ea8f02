import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { TokenVerifier } from 'livekit-server-sdk';

export interface TwirpCall {
  method: string;
  body: Record<string, unknown>;
  grants: Record<string, unknown>;
}

/**
 * A local stand-in for LiveKit's room service: it speaks the Twirp JSON protocol the SDK uses
 * (`POST /twirp/livekit.RoomService/<Method>`) and checks each call's token with the SDK's verifier.
 * No LiveKit server can run on these machines; this is what the adapter is tested against.
 */
export async function startLiveKitStandIn(
  apiKey: string,
  apiSecret: string,
): Promise<{ url: string; calls: TwirpCall[]; close(): Promise<void> }> {
  const verifier = new TokenVerifier(apiKey, apiSecret);
  const calls: TwirpCall[] = [];
  const server: Server = createServer((req, res) => {
    void (async () => {
      const body = await readBody(req);
      const match = /^\/twirp\/livekit\.RoomService\/(\w+)$/.exec(req.url ?? '');
      const auth = req.headers.authorization?.replace(/^Bearer /, '');
      let grants: Record<string, unknown>;
      try {
        grants = (await verifier.verify(auth ?? '')) as unknown as Record<string, unknown>;
      } catch {
        res.writeHead(401, { 'content-type': 'application/json' }).end(JSON.stringify({ code: 'unauthenticated', msg: 'invalid token' }));
        return;
      }
      if (!match || !req.headers['content-type']?.startsWith('application/json')) {
        res.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ code: 'bad_route', msg: 'no such method' }));
        return;
      }
      const parsed = JSON.parse(body || '{}') as Record<string, unknown>;
      calls.push({ method: match[1]!, body: parsed, grants });
      const reply =
        match[1] === 'CreateRoom'
          ? {
              sid: `RM_${calls.length}`,
              name: parsed.name,
              emptyTimeout: parsed.emptyTimeout,
              maxParticipants: parsed.maxParticipants,
              creationTime: String(Math.floor(Date.now() / 1000)),
            }
          : {};
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(reply));
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, calls, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}
