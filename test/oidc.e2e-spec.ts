import { freePort } from '@app/database';
import { createRegion, TEST_PASSWORD, type TestRegion } from './support/factories';
import { type ProviderAccount, startOidcProvider, type TestOidcProvider } from './support/oidc-provider';
import { createTestApp, type TestApp } from './support/test-app';

/**
 * Issue 18, #1: sign-in through the region's IdP with OpenID Connect (authorization code + PKCE),
 * against a real provider (npm oidc-provider) on loopback, over real HTTP: a browser is played by fetch
 * with a cookie jar, following the redirects and submitting the provider's sign-in form.
 */
const HSA = { nurse: 'SE2321000016-N001', admin: 'SE2321000016-A001', gone: 'SE2321000016-D001', stranger: 'SE2321000016-X999' };
const ACCOUNTS: Record<string, ProviderAccount> = {
  anna: { hsaId: HSA.nurse, name: 'Anna' },
  // Lower case from the IdP: HSA-ids are compared as the catalogue writes them, in capitals.
  berit: { hsaId: HSA.admin.toLowerCase(), name: 'Berit' },
  gunnar: { hsaId: HSA.gone, name: 'Gunnar' },
  okand: { hsaId: HSA.stranger, name: 'Okänd' },
  utan: { hsaId: null, name: 'Utan HSA-id' },
};

/** A browser's share of the flow: cookies per origin and path, redirects followed by hand. */
class Browser {
  private readonly jar = new Map<string, { value: string; path: string }>();

  async fetch(
    url: string,
    init: { method?: string; form?: Record<string, string>; headers?: Record<string, string> } = {},
  ): Promise<Response> {
    const u = new URL(url);
    const cookie = [...this.jar.entries()]
      .filter(([key, c]) => key.startsWith(`${u.origin} `) && u.pathname.startsWith(c.path))
      .map(([key, c]) => `${key.split(' ')[1]}=${c.value}`)
      .join('; ');
    const res = await fetch(url, {
      method: init.method ?? 'GET',
      redirect: 'manual',
      headers: {
        ...(cookie ? { cookie } : {}),
        ...(init.form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
        ...init.headers,
      },
      body: init.form ? new URLSearchParams(init.form).toString() : undefined,
    });
    for (const line of res.headers.getSetCookie()) {
      const [pair, ...attributes] = line.split(';').map((p) => p.trim());
      const eq = pair!.indexOf('=');
      const name = pair!.slice(0, eq);
      const path = attributes.find((a) => a.toLowerCase().startsWith('path='))?.slice(5) ?? '/';
      const gone = attributes.some((a) => /^max-age=0$/i.test(a) || /^expires=thu, 01 jan 1970/i.test(a));
      if (gone) this.jar.delete(`${u.origin} ${name}`);
      else this.jar.set(`${u.origin} ${name}`, { value: pair!.slice(eq + 1), path });
    }
    return res;
  }

  cookie(origin: string, name: string): string | undefined {
    return this.jar.get(`${origin} ${name}`)?.value;
  }
}

const locationOf = (res: Response, base: string) => new URL(res.headers.get('location')!, base).href;

describe('Issue 18 #1: OpenID Connect sign-in with HSA-id against a real OIDC provider', () => {
  let t: TestApp;
  let plain: TestApp;
  let idp: TestOidcProvider;
  let region: TestRegion;
  let redirectUri: string;

  beforeAll(async () => {
    const port = await freePort();
    redirectUri = `http://127.0.0.1:${port}/api/v1/auth/oidc/callback`;
    idp = await startOidcProvider({ redirectUri, accounts: ACCOUNTS });
    t = await createTestApp({
      port,
      env: {
        OIDC_ISSUER: idp.issuer,
        OIDC_CLIENT_ID: idp.clientId,
        OIDC_CLIENT_SECRET: idp.clientSecret,
        OIDC_REDIRECT_URI: redirectUri,
        OIDC_CLOCK_SKEW_SECONDS: '60',
        PASSWORD_LOGIN: 'off',
      },
    });
    plain = await createTestApp();
    region = await createRegion(t.db, 'OI');
    await t.db.query('UPDATE app_user SET hsa_id = $2 WHERE id = $1', [region.users.nurse.id, HSA.nurse]);
    await t.db.query('UPDATE app_user SET hsa_id = $2 WHERE id = $1', [region.users.admin.id, HSA.admin]);
    await t.db.query('UPDATE app_user SET hsa_id = $2, active = false WHERE id = $1', [region.users.otherNurse.id, HSA.gone]);
  });
  afterAll(async () => {
    await t?.close();
    await plain?.close();
    await idp?.close();
  });
  afterEach(() => idp.tamper('none'));

  /** From the app's sign-in button to the IdP's redirect back: the callback URL, not yet visited. */
  async function throughTheIdp(browser: Browser, account: string): Promise<{ callback: string; state: string }> {
    const start = await browser.fetch(`${t.baseUrl}/api/v1/auth/oidc/login`);
    expect(start.status).toBe(302);
    let url = locationOf(start, t.baseUrl);
    const authorize = new URL(url);
    expect(url.startsWith(idp.issuer)).toBe(true);
    expect(authorize.searchParams.get('code_challenge_method')).toBe('S256');
    expect(authorize.searchParams.get('nonce')).toEqual(expect.any(String));
    for (let step = 0; step < 20; step++) {
      if (url.startsWith(redirectUri)) return { callback: url, state: authorize.searchParams.get('state')! };
      const res = await browser.fetch(url);
      if (res.status >= 300 && res.status < 400) {
        url = locationOf(res, url);
        continue;
      }
      const html = await res.text();
      const action = /<form method="post" action="([^"]+)"/.exec(html)?.[1];
      if (res.status !== 200 || !action) throw new Error(`the IdP answered ${res.status}: ${html.slice(0, 300)}`);
      const posted = await browser.fetch(new URL(action, url).href, { method: 'POST', form: { login: account } });
      url = locationOf(posted, url);
    }
    throw new Error('the IdP never sent the browser back');
  }

  async function finish(browser: Browser, callback: string): Promise<{ location: string; refresh: string | undefined }> {
    const res = await browser.fetch(callback);
    expect(res.status).toBe(302);
    const setCookies = res.headers.getSetCookie().join('\n');
    return { location: res.headers.get('location')!, refresh: /ledtriage_refresh=([A-Za-z0-9_-]{43})/.exec(setCookies)?.[1] };
  }

  async function signIn(account: string) {
    const browser = new Browser();
    const { callback } = await throughTheIdp(browser, account);
    return { browser, callback, ...(await finish(browser, callback)) };
  }

  const refused = (reason: string) => ({ location: `/#/sign-in-refused?reason=${reason}`, refresh: undefined });

  async function accessToken(refresh: string): Promise<string> {
    const headers = { cookie: `ledtriage_refresh=${refresh}`, 'x-ledtriage-refresh': '1' };
    const res = await t.http('POST', '/auth/refresh', { body: {}, headers });
    expect(res.status).toBe(200);
    return res.body.accessToken as string;
  }

  it('#18.1: the sign-in page learns the methods; with PASSWORD_LOGIN=off a password is refused with 403 and a code', async () => {
    expect((await t.http('GET', '/auth/methods')).body).toEqual({ password: false, oidc: true });
    expect((await plain.http('GET', '/auth/methods')).body).toEqual({ password: true, oidc: false });
    const res = await t.http('POST', '/auth/login', { body: { username: region.users.nurse.username, password: TEST_PASSWORD } });
    expect(res.status).toBe(403);
    expect(res.body).toMatchObject({ code: 'password_login_off', message: expect.stringContaining('Password sign-in is switched off') });
    expect(res.headers.getSetCookie()).toEqual([]);
    // Without an IdP configured there is nowhere to send the browser.
    expect((await plain.http('GET', '/auth/oidc/login')).status).toBe(404);
  });

  it('#18.1: the user found by HSA-id gets a session as with a password; /auth/me names her; audited with her HSA-id', async () => {
    const { location, refresh } = await signIn('anna');
    expect(location).toBe('/');
    expect(refresh).toBeDefined();
    const me = await t.http('GET', '/auth/me', { token: await accessToken(refresh!) });
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ id: region.users.nurse.id, username: region.users.nurse.username, role: 'nurse' });
    const {
      rows: [session],
    } = await t.db.query(`SELECT method FROM auth_session WHERE user_id = $1`, [region.users.nurse.id]);
    expect(session.method).toBe('oidc');
    const {
      rows: [audit],
    } = await t.db.query(
      `SELECT actor_hsa_id, care_unit_hsa_id, care_unit_id, detail FROM audit_event
        WHERE action = 'login' AND outcome = 'success' AND actor_user_id = $1`,
      [region.users.nurse.id],
    );
    expect(audit).toMatchObject({ actor_hsa_id: HSA.nurse, care_unit_id: region.centres.main, detail: { method: 'oidc' } });
    const {
      rows: [attempt],
    } = await t.db.query(`SELECT succeeded FROM login_attempt WHERE username_key = $1 ORDER BY attempted_at DESC LIMIT 1`, [
      region.users.nurse.username,
    ]);
    expect(attempt.succeeded).toBe(true);
  });

  it('#18.1: an HSA-id in lower case from the IdP finds the user all the same', async () => {
    const { location, refresh } = await signIn('berit');
    expect(location).toBe('/');
    expect((await t.http('GET', '/auth/me', { token: await accessToken(refresh!) })).body.id).toBe(region.users.admin.id);
  });

  it('#18.1: a replayed callback (state spent) is refused; so is the spent code under a new state (the IdP refuses it)', async () => {
    const { browser, callback, location } = await signIn('anna');
    expect(location).toBe('/');
    expect(await finish(browser, callback)).toEqual(refused('state'));
    // The code again, with a fresh state of this browser: the provider answers invalid_grant.
    const again = await browser.fetch(`${t.baseUrl}/api/v1/auth/oidc/login`);
    const state = new URL(locationOf(again, t.baseUrl)).searchParams.get('state')!;
    const replay = new URL(callback);
    replay.searchParams.set('state', state);
    expect(await finish(browser, replay.href)).toEqual(refused('code_rejected'));
  });

  it('#18.1: a callback carried to another browser is refused (the state is bound to the browser that started it)', async () => {
    const { callback } = await throughTheIdp(new Browser(), 'anna');
    expect(await finish(new Browser(), callback)).toEqual(refused('state'));
  });

  it('#18.1: a wrong issuer is refused, in the ID token and in the authorization response', async () => {
    await idp.tamper('wrong-issuer');
    expect(await signIn('anna')).toMatchObject(refused('issuer'));
    await idp.tamper('none');
    const browser = new Browser();
    const { callback } = await throughTheIdp(browser, 'anna');
    const mixedUp = new URL(callback);
    expect(mixedUp.searchParams.get('iss')).toBe(idp.issuer);
    mixedUp.searchParams.set('iss', 'https://idp.other-region.example');
    expect(await finish(browser, mixedUp.href)).toEqual(refused('issuer'));
  });

  it('#18.1: an ID token for another client (audience) is refused', async () => {
    await idp.tamper('wrong-audience');
    expect(await signIn('anna')).toMatchObject(refused('audience'));
  });

  it('#18.1: an expired ID token is refused; one expired by less than OIDC_CLOCK_SKEW_SECONDS (60 here) is accepted', async () => {
    await idp.tamper('expired');
    expect(await signIn('anna')).toMatchObject(refused('expired'));
    await idp.tamper('expired-within-skew');
    expect((await signIn('anna')).location).toBe('/');
  });

  it('#18.1: an ID token replayed from an earlier sign-in (another nonce) is refused', async () => {
    expect((await signIn('anna')).location).toBe('/');
    await idp.tamper('replay-previous-id-token');
    expect(await signIn('anna')).toMatchObject(refused('nonce'));
  });

  it('#18.1: an unknown HSA-id is refused and audited with the HSA-id, counted as a failed sign-in; no session is opened', async () => {
    const before = Number((await t.db.query('SELECT count(*) FROM auth_session')).rows[0].count);
    expect(await signIn('okand')).toMatchObject(refused('unknown_hsa_id'));
    expect(Number((await t.db.query('SELECT count(*) FROM auth_session')).rows[0].count)).toBe(before);
    const {
      rows: [audit],
    } = await t.db.query(`SELECT actor_user_id, outcome, reason, detail FROM audit_event WHERE action = 'login' AND actor_hsa_id = $1`, [
      HSA.stranger,
    ]);
    expect(audit).toMatchObject({ actor_user_id: null, outcome: 'denied', detail: { method: 'oidc', refusal: 'unknown_hsa_id' } });
    expect(audit.reason).toContain('no user has this HSA-id');
    const key = `oidc:${HSA.stranger.toLowerCase()}`;
    const { rows } = await t.db.query(`SELECT succeeded FROM login_attempt WHERE username_key = $1`, [key]);
    expect(rows).toEqual([{ succeeded: false }]);
  });

  it('#18.1: a deactivated user is refused, audited as her; an ID token without an HSA-id is refused', async () => {
    expect(await signIn('gunnar')).toMatchObject(refused('deactivated'));
    const {
      rows: [audit],
    } = await t.db.query(`SELECT outcome, actor_hsa_id FROM audit_event WHERE action = 'login' AND actor_user_id = $1`, [
      region.users.otherNurse.id,
    ]);
    expect(audit).toEqual({ outcome: 'denied', actor_hsa_id: HSA.gone });
    expect(await signIn('utan')).toMatchObject(refused('no_hsa_id'));
  });

  it("#18.1: the IdP's error answer (the user cancelled) is refused as such, and the state is spent with it", async () => {
    const browser = new Browser();
    const start = await browser.fetch(`${t.baseUrl}/api/v1/auth/oidc/login`);
    const state = new URL(locationOf(start, t.baseUrl)).searchParams.get('state')!;
    const cancelled = `${redirectUri}?error=access_denied&state=${encodeURIComponent(state)}&iss=${encodeURIComponent(idp.issuer)}`;
    expect(await finish(browser, cancelled)).toEqual(refused('idp_refused'));
    expect(await finish(browser, cancelled)).toEqual(refused('state'));
  });

  it('#18.1: a callback without state, or with a made-up one, is refused without a 5xx', async () => {
    const browser = new Browser();
    expect(await finish(browser, `${redirectUri}?code=x`)).toEqual(refused('state'));
    expect(await finish(browser, `${redirectUri}?code=x&state=made-up`)).toEqual(refused('state'));
  });
});
