import { type ChildProcess, fork } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A real OpenID provider for the tests (issue 18, #1): the npm `oidc-provider` (certified by the
 * OpenID Foundation), started on loopback. It is ESM-only with a tree of ESM dependencies, so it runs
 * in a child Node process (which requires ESM natively) instead of inside jest's module system; this
 * file is both the parent's handle and, run as a program, the child.
 *
 * Accounts sign in at the provider's own interaction page (a form: the `login` field names the
 * account; a browser test can fill it in); consent is granted at once. Their ID tokens carry the
 * HSA-id in `employeeHsaId` (the claim Inera's IdP uses, the api's default OIDC_HSA_ID_CLAIM).
 *
 * `tamper` makes the token endpoint's next answers carry an ID token changed and re-signed with the
 * provider's own key (a wrong issuer, another audience, an expired one), or the ID token of an
 * earlier sign-in (a replay): cases a correct provider never produces, but an attacker or a
 * misconfigured IdP does.
 */
export type Tamper = 'none' | 'wrong-issuer' | 'wrong-audience' | 'expired' | 'expired-within-skew' | 'replay-previous-id-token';

export interface ProviderAccount {
  hsaId: string | null;
  name: string;
}

export interface TestOidcProvider {
  issuer: string;
  clientId: string;
  clientSecret: string;
  tamper(mode: Tamper): Promise<void>;
  close(): Promise<void>;
}

interface ChildOptions {
  redirectUri: string;
  clientId: string;
  clientSecret: string;
  accounts: Record<string, ProviderAccount>;
}

type FromChild = { type: 'ready'; issuer: string } | { type: 'ack'; id: string };

export async function startOidcProvider(options: {
  redirectUri: string;
  accounts: Record<string, ProviderAccount>;
}): Promise<TestOidcProvider> {
  const childOptions: ChildOptions = { ...options, clientId: 'ledtriage', clientSecret: `secret-${randomUUID()}` };
  const child: ChildProcess = fork(__filename, [], {
    execArgv: ['-r', '@swc-node/register'],
    env: { ...process.env, LEDTRIAGE_TEST_OIDC_PROVIDER: JSON.stringify(childOptions), NODE_OPTIONS: '' },
    stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
  });
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  const issuer = await new Promise<string>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`the OIDC provider exited (${code}): ${stderr}`)));
    child.on('message', (m: FromChild) => m.type === 'ready' && resolve(m.issuer));
  });
  child.removeAllListeners('exit');
  return {
    issuer,
    clientId: childOptions.clientId,
    clientSecret: childOptions.clientSecret,
    tamper: (mode) =>
      new Promise<void>((resolve) => {
        const id = randomUUID();
        const onAck = (m: FromChild) => {
          if (m.type === 'ack' && m.id === id) {
            child.off('message', onAck);
            resolve();
          }
        };
        child.on('message', onAck);
        child.send({ type: 'tamper', id, mode });
      }),
    close: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill();
      }),
  };
}

// ---- The child: the provider itself ----------------------------------------------------------------

async function runProvider(options: ChildOptions): Promise<void> {
  // Native require of ESM (Node >= 20.19): the namespace's default export is the Provider class.
  const providerModule = require('oidc-provider');
  const Provider = providerModule.default ?? providerModule;
  const jose = require('jose');
  const { privateKey } = await jose.generateKeyPair('RS256', { extractable: true });
  const privateJwk = { ...(await jose.exportJWK(privateKey)), kid: 'test-key', alg: 'RS256', use: 'sig' };

  let mode: Tamper = 'none';
  let previousIdToken: string | null = null;

  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: options.clientId,
        client_secret: options.clientSecret,
        redirect_uris: [options.redirectUri],
        grant_types: ['authorization_code'],
        response_types: ['code'],
        token_endpoint_auth_method: 'client_secret_basic',
      },
    ],
    jwks: { keys: [privateJwk] },
    cookies: { keys: [randomUUID()] },
    claims: { openid: ['sub', 'employeeHsaId', 'name'] },
    conformIdTokenClaims: false,
    pkce: { required: () => true },
    features: { devInteractions: { enabled: false } },
    interactions: { url: (_ctx: unknown, interaction: { uid: string }) => `/interaction/${interaction.uid}` },
    findAccount: (_ctx: unknown, sub: string) => {
      const account = options.accounts[sub];
      if (!account) return undefined;
      return {
        accountId: sub,
        claims: () => ({ sub, name: account.name, ...(account.hsaId ? { employeeHsaId: account.hsaId } : {}) }),
      };
    },
  });

  // The token endpoint's answer, changed on request after the provider has made it.
  provider.use(async (ctx: { path: string; status: number; body: Record<string, unknown> }, next: () => Promise<void>) => {
    await next();
    if (ctx.path !== '/token' || ctx.status !== 200 || typeof ctx.body?.id_token !== 'string') return;
    const genuine = ctx.body.id_token;
    if (mode === 'replay-previous-id-token' && previousIdToken) {
      ctx.body = { ...ctx.body, id_token: previousIdToken };
    } else if (mode !== 'none' && mode !== 'replay-previous-id-token') {
      const claims = jose.decodeJwt(genuine);
      const now = Math.floor(Date.now() / 1000);
      if (mode === 'wrong-issuer') claims.iss = 'https://idp.other-region.example';
      if (mode === 'wrong-audience') claims.aud = 'another-client';
      if (mode === 'expired') Object.assign(claims, { iat: now - 900, exp: now - 300 });
      if (mode === 'expired-within-skew') Object.assign(claims, { iat: now - 70, exp: now - 10 });
      const signed = await new jose.SignJWT(claims).setProtectedHeader({ alg: 'RS256', kid: 'test-key', typ: 'JWT' }).sign(privateKey);
      ctx.body = { ...ctx.body, id_token: signed };
    }
    previousIdToken = genuine;
  });

  const callback = provider.callback();
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    if (req.url?.startsWith('/interaction/')) {
      interaction(provider, options, req, res).catch((e: Error) => {
        res.statusCode = 500;
        res.end(e.message);
      });
      return;
    }
    callback(req, res);
  });

  process.on('message', (m: { type: string; id: string; mode: Tamper }) => {
    if (m.type === 'tamper') mode = m.mode;
    process.send?.({ type: 'ack', id: m.id });
  });
  // The test run ended (or crashed): no provider outlives it.
  process.on('disconnect', () => process.exit(0));
  process.send?.({ type: 'ready', issuer });
}

/** The provider's sign-in page: a form naming the account; consent is given without asking. */
async function interaction(provider: any, options: ChildOptions, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const details = await provider.interactionDetails(req, res);
  if (details.prompt.name === 'login') {
    if (req.method === 'POST') {
      let body = '';
      for await (const chunk of req) body += chunk;
      const login = new URLSearchParams(body).get('login') ?? '';
      if (options.accounts[login]) {
        await provider.interactionFinished(req, res, { login: { accountId: login } }, { mergeWithLastSubmission: false });
        return;
      }
    }
    res.setHeader('content-type', 'text/html; charset=utf-8');
    res.end(`<!doctype html><html lang="sv"><title>Testets IdP</title><h1>Logga in med SITHS-kort (test)</h1>
      <form method="post" action="/interaction/${details.uid}"><label for="login">Konto</label>
      <input id="login" name="login" autocomplete="off"><button type="submit">Logga in</button></form></html>`);
    return;
  }
  const grant = new provider.Grant({ accountId: details.session.accountId, clientId: details.params.client_id });
  const missing = details.prompt.details;
  if (missing.missingOIDCScope) grant.addOIDCScope(missing.missingOIDCScope.join(' '));
  if (missing.missingOIDCClaims) grant.addOIDCClaims(missing.missingOIDCClaims);
  const grantId = await grant.save();
  await provider.interactionFinished(req, res, { consent: { grantId } }, { mergeWithLastSubmission: true });
}

if (require.main === module && process.env.LEDTRIAGE_TEST_OIDC_PROVIDER) {
  runProvider(JSON.parse(process.env.LEDTRIAGE_TEST_OIDC_PROVIDER) as ChildOptions).catch((e: Error) => {
    process.stderr.write(`${e.stack}\n`);
    process.exit(1);
  });
}
