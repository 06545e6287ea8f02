import { loadConfig } from '@app/config';
import type { DataSource } from 'typeorm';
import { TokenService } from './token.service';

const U1 = '6f1c2a5e-8b1d-4c3e-9a7f-0d2b4e6a8c10';
const S1 = '0b3f1e2d-4c5a-4b6c-8d7e-9f0a1b2c3d4e';

describe('TokenService', () => {
  const service = async (secret = 'a secret of more than thirty-two characters, for tests') => {
    const tokens = new TokenService(loadConfig({ AUTH_TOKEN_SECRET: secret, ACCESS_TOKEN_TTL_SECONDS: '60' }), {} as DataSource);
    await tokens.onModuleInit();
    return tokens;
  };

  afterEach(() => jest.useRealTimers());

  it('accepts its own token, again and again, until the second it expires', async () => {
    jest.useFakeTimers({ now: new Date('2026-11-25T10:00:00Z') });
    const tokens = await service();
    const { accessToken } = tokens.issue({ sub: U1, ver: 3, sid: S1 });
    expect(tokens.verify(accessToken)).toMatchObject({ sub: U1, ver: 3, sid: S1 });
    jest.setSystemTime(new Date('2026-11-25T10:00:59Z'));
    expect(tokens.verify(accessToken)).toMatchObject({ sub: U1, ver: 3, sid: S1 });
    jest.setSystemTime(new Date('2026-11-25T10:01:00Z'));
    expect(tokens.verify(accessToken)).toBeNull();
    expect(tokens.verify(accessToken)).toBeNull();
  });

  it('refuses a token with another signature or another payload, even once the genuine one is known', async () => {
    const tokens = await service();
    const { accessToken } = tokens.issue({ sub: U1, ver: 0, sid: S1 });
    expect(tokens.verify(accessToken)).not.toBeNull();
    const [header, payload, signature] = accessToken.split('.') as [string, string, string];
    const flipped = signature.slice(0, -2) + (signature.endsWith('AA') ? 'BB' : 'AA');
    expect(tokens.verify(`${header}.${payload}.${flipped}`)).toBeNull();
    const forged = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(payload, 'base64url').toString()), sub: 'admin' })).toString(
      'base64url',
    );
    expect(tokens.verify(`${header}.${forged}.${signature}`)).toBeNull();
    const other = await service('another secret of more than thirty-two characters!!');
    expect(other.verify(accessToken)).toBeNull();
  });

  it('#15.9: refuses a correctly signed token whose sub is not a uuid or whose ver is not a small integer', async () => {
    const tokens = await service();
    const bad = [
      { sub: 'admin', ver: 0, sid: S1 },
      { sub: U1, ver: 1e300, sid: S1 },
      { sub: U1, ver: -1, sid: S1 },
    ];
    for (const claims of [...bad, { sub: U1, ver: 0.5, sid: S1 }, { sub: U1, ver: 0, sid: 'not a session id' }]) {
      const { accessToken } = tokens.issue(claims);
      expect(tokens.verify(accessToken)).toBeNull();
    }
    expect(tokens.verify(tokens.issue({ sub: U1, ver: 2_147_483_647, sid: S1 }).accessToken)).not.toBeNull();
  });
});
