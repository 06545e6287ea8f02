import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SMTPServer, type SMTPServerAddress, type SMTPServerAuthentication } from 'smtp-server';

/**
 * Local stand-ins for the patient-notice channels (issue 22), started by the tests: an HTTP SMS gateway
 * that takes form-encoded `from`, `to`, `message` with basic auth (the shape Swedish gateways use), and
 * a real SMTP server from the npm `smtp-server` package. Each records what arrived and can be told to
 * refuse the next n messages.
 */
export interface ReceivedSms {
  from: string;
  to: string;
  message: string;
  /** The basic-auth user and password, decoded. */
  user: string | null;
  password: string | null;
  contentType: string | undefined;
}

export interface SmsStandIn {
  url: string;
  received: ReceivedSms[];
  /** The next `n` messages get `status` (e.g. 503) and are not recorded. */
  failNext(n: number, status?: number): void;
  /** Resolves with the next message that arrives. */
  next(): Promise<ReceivedSms>;
  close(): Promise<void>;
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

export async function startSmsStandIn(credentials = { user: 'ledtriage', password: 'gateway-secret' }): Promise<SmsStandIn> {
  const received: ReceivedSms[] = [];
  let failures = 0;
  let failStatus = 503;
  const waiting: Array<(m: ReceivedSms) => void> = [];
  const server: Server = createServer((req, res) => {
    void (async () => {
      const body = await readBody(req);
      const auth = /^Basic (.+)$/.exec(req.headers.authorization ?? '');
      const [user, password] = auth ? Buffer.from(auth[1]!, 'base64').toString('utf8').split(':') : [null, null];
      if (req.method !== 'POST' || user !== credentials.user || password !== credentials.password) {
        res.writeHead(401).end('unauthorised');
        return;
      }
      if (failures > 0) {
        failures--;
        res.writeHead(failStatus).end('try later');
        return;
      }
      const form = new URLSearchParams(body);
      const sms: ReceivedSms = {
        from: form.get('from') ?? '',
        to: form.get('to') ?? '',
        message: form.get('message') ?? '',
        user: user ?? null,
        password: password ?? null,
        contentType: req.headers['content-type'],
      };
      received.push(sms);
      waiting.shift()?.(sms);
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ id: received.length, status: 'queued' }));
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/sms/send`,
    received,
    failNext(n, status = 503) {
      failures = n;
      failStatus = status;
    },
    next: () => new Promise((resolve) => waiting.push(resolve)),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

export interface ReceivedMail {
  from: string;
  to: string[];
  raw: string;
  user: string | null;
}

export interface SmtpStandIn {
  url: string;
  received: ReceivedMail[];
  /** The next `n` recipients are refused with 550 (mailbox unavailable). */
  failNext(n: number): void;
  next(): Promise<ReceivedMail>;
  close(): Promise<void>;
}

export async function startSmtpStandIn(credentials = { user: 'mailer', password: 'smtp-secret' }): Promise<SmtpStandIn> {
  const received: ReceivedMail[] = [];
  const waiting: Array<(m: ReceivedMail) => void> = [];
  let failures = 0;
  const server = new SMTPServer({
    // Plain SMTP on loopback: no certificate to trust in the test.
    disabledCommands: ['STARTTLS'],
    allowInsecureAuth: true,
    logger: false,
    onAuth(auth: SMTPServerAuthentication, _session, callback) {
      if (auth.username === credentials.user && auth.password === credentials.password) return callback(null, { user: auth.username });
      return callback(new Error('Invalid username or password'));
    },
    onRcptTo(_address: SMTPServerAddress, _session, callback) {
      if (failures > 0) {
        failures--;
        const err = new Error('Mailbox unavailable') as Error & { responseCode: number };
        err.responseCode = 550;
        return callback(err);
      }
      return callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const mail: ReceivedMail = {
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
          raw: Buffer.concat(chunks).toString('utf8'),
          user: typeof session.user === 'string' ? session.user : null,
        };
        received.push(mail);
        waiting.shift()?.(mail);
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.server.address() as AddressInfo;
  return {
    url: `smtp://${credentials.user}:${credentials.password}@127.0.0.1:${port}`,
    received,
    failNext(n) {
      failures = n;
    },
    next: () => new Promise((resolve) => waiting.push(resolve)),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
