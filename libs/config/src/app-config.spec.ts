import { ConfigError, defaultPoolSize, loadConfig } from './app-config';

describe('loadConfig', () => {
  it('defaults to the embedded database with demo data on port 3000', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({ port: 3000, dataDir: '.data', demoData: true, demoPassword: 'demo' });
    expect(config.databaseUrl).toBeUndefined();
  });

  it('sizes the database pool to the cores unless told, within 4 to 20', () => {
    expect([1, 2, 4, 8, 16].map((cores) => defaultPoolSize(cores))).toEqual([4, 6, 10, 18, 20]);
    expect(loadConfig({}).databasePoolSize).toBe(defaultPoolSize());
    expect(loadConfig({ DATABASE_POOL_SIZE: '12' }).databasePoolSize).toBe(12);
    expect(() => loadConfig({ DATABASE_POOL_SIZE: '0' })).toThrow(/DATABASE_POOL_SIZE/);
  });

  it('turns demo data off by default on an external database', () => {
    expect(loadConfig({ DATABASE_URL: 'postgres://u@localhost/db' }).demoData).toBe(false);
  });

  it('names each malformed or unknown setting', () => {
    let error: unknown;
    try {
      loadConfig({ PORT: 'eighty', DATABASE_URL: 'mysql://x', LIVEKIT_URL: 'wss://lk.example', DEMO_DATTA: 'true' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const text = (error as ConfigError).message;
    expect(text).toContain('PORT');
    expect(text).toContain('DATABASE_URL');
    expect(text).toContain('LIVEKIT_URL');
    expect(text).toContain('DEMO_DATTA: unknown setting');
  });

  it("#15.16: uses no third-party STUN server by default, and takes a region's own ICE servers", () => {
    expect(loadConfig({}).iceServers).toEqual([]);
    const own = [{ urls: ['stun:turn.region.example:3478', 'turns:turn.region.example:5349'], username: 'u', credential: 'c' }];
    expect(loadConfig({ ICE_SERVERS: JSON.stringify(own) }).iceServers).toEqual(own);
    expect(() => loadConfig({ ICE_SERVERS: '[{"urls":"https://x.example"}]' })).toThrow(/ICE_SERVERS/);
    expect(() => loadConfig({ ICE_SERVERS: '{"urls":"stun:x"}' })).toThrow(/ICE_SERVERS/);
  });

  it('#15.7, #15.8: counts previews and list reads against limits of their own, generous by default', () => {
    expect(loadConfig({})).toMatchObject({ writeRatePerMinute: 120, previewRatePerMinute: 1200, readRatePerMinute: 600 });
    expect(loadConfig({ PREVIEW_RATE_PER_MINUTE: '0', READ_RATE_PER_MINUTE: '50' })).toMatchObject({
      previewRatePerMinute: 0,
      readRatePerMinute: 50,
    });
    expect(() => loadConfig({ READ_RATE_PER_MINUTE: '-1' })).toThrow(/READ_RATE_PER_MINUTE/);
    expect(() => loadConfig({ PREVIEW_RATE_PER_MINUT: '5' })).toThrow(/PREVIEW_RATE_PER_MINUT: unknown setting/);
  });

  it('#15.10: trusts no proxy by default, and takes addresses and CIDR ranges; sign-in back-off starts at 30 s', () => {
    expect(loadConfig({})).toMatchObject({ trustedProxies: [], loginBackoffSeconds: 30 });
    expect(loadConfig({ TRUSTED_PROXIES: '10.0.0.5, 192.168.0.0/16,::1,fd00::/8' }).trustedProxies).toEqual([
      '10.0.0.5',
      '192.168.0.0/16',
      '::1',
      'fd00::/8',
    ]);
    for (const bad of ['10.0.0.300', '10.0.0.0/33', 'proxy.example', '::1/129', '10.0.0.0/8/1']) {
      expect(() => loadConfig({ TRUSTED_PROXIES: bad })).toThrow(/TRUSTED_PROXIES: must be IP addresses or CIDR ranges/);
    }
    expect(() => loadConfig({ LOGIN_BACKOFF_SECONDS: '0' })).toThrow(/LOGIN_BACKOFF_SECONDS/);
    expect(() => loadConfig({ TRUSTED_PROXY: '127.0.0.1' })).toThrow(/TRUSTED_PROXY: unknown setting/);
  });

  it('#15.7, #15.8: counts previews and list reads against limits of their own, generous by default', () => {
    expect(loadConfig({})).toMatchObject({ writeRatePerMinute: 120, previewRatePerMinute: 1200, readRatePerMinute: 600 });
    expect(loadConfig({ PREVIEW_RATE_PER_MINUTE: '0', READ_RATE_PER_MINUTE: '50' })).toMatchObject({
      previewRatePerMinute: 0,
      readRatePerMinute: 50,
    });
    expect(() => loadConfig({ READ_RATE_PER_MINUTE: '-1' })).toThrow(/READ_RATE_PER_MINUTE/);
    expect(() => loadConfig({ PREVIEW_RATE_PER_MINUT: '5' })).toThrow(/PREVIEW_RATE_PER_MINUT: unknown setting/);
  });

  it('#18.1: OIDC is off unless issuer and client id are set together; passwords stay on unless switched off with an IdP', () => {
    expect(loadConfig({})).toMatchObject({ oidc: undefined, passwordLogin: true });
    const on = loadConfig({
      OIDC_ISSUER: 'https://idp.region.example',
      OIDC_CLIENT_ID: 'ledtriage',
      PUBLIC_BASE_URL: 'https://vard.example/',
    });
    expect(on.oidc).toEqual({
      issuer: 'https://idp.region.example',
      clientId: 'ledtriage',
      clientSecret: undefined,
      redirectUri: 'https://vard.example/api/v1/auth/oidc/callback',
      hsaIdClaim: 'employeeHsaId',
      scope: 'openid',
      clockSkewSeconds: 30,
    });
    expect(() => loadConfig({ OIDC_ISSUER: 'https://idp.region.example' })).toThrow(/OIDC_ISSUER and OIDC_CLIENT_ID must be set together/);
    expect(() => loadConfig({ PASSWORD_LOGIN: 'off' })).toThrow(/PASSWORD_LOGIN: off needs OIDC_ISSUER/);
    expect(() => loadConfig({ OIDC_ISSUER: 'http://idp.region.example', OIDC_CLIENT_ID: 'x' })).toThrow(/OIDC_ISSUER: must be an https/);
    expect(loadConfig({ OIDC_ISSUER: 'http://127.0.0.1:4000', OIDC_CLIENT_ID: 'x' }).oidc?.issuer).toBe('http://127.0.0.1:4000');
    expect(() => loadConfig({ OIDC_SCOPE: 'profile' })).toThrow(/OIDC_SCOPE: must include openid/);
    expect(() => loadConfig({ OIDC_CLOCK_SKEW_SECONDS: '-1' })).toThrow(/OIDC_CLOCK_SKEW_SECONDS/);
    expect(() => loadConfig({ OIDC_CLIENTID: 'x' })).toThrow(/OIDC_CLIENTID: unknown setting/);
  });

  it('requires the three LiveKit settings together', () => {
    const config = loadConfig({ LIVEKIT_URL: 'wss://lk.example', LIVEKIT_API_KEY: 'k', LIVEKIT_API_SECRET: 's' });
    expect(config.livekit).toEqual({ url: 'wss://lk.example', apiKey: 'k', apiSecret: 's' });
  });
});
