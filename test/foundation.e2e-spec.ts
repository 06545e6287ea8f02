import jwt from 'jsonwebtoken';
import { luhnCheckDigit } from '@app/patients';
import { createPatient, createRegion, login, loginAll, personnummer, type TestRegion, TEST_PASSWORD } from './support/factories';
import { createTestApp, type TestApp } from './support/test-app';

describe('Foundation: sign-in, scoping, patients and audit (HTTP, real PostgreSQL)', () => {
  let t: TestApp;
  let a: TestRegion;
  let b: TestRegion;
  const tokens: Record<string, string> = {};

  beforeAll(async () => {
    t = await createTestApp({ env: { LOGIN_MAX_FAILURES: '3' } });
    a = await createRegion(t.db, 'AA');
    b = await createRegion(t.db, 'BB');
    Object.assign(tokens, await loginAll(t, a));
    tokens.bAdmin = await login(t, b.users.admin.username);
    tokens.bNurse = await login(t, b.users.nurse.username);
    tokens.bSpecialist = await login(t, b.users.specialist.username);
  });
  afterAll(() => t.close());

  const count = async (table: string) => Number((await t.db.query(`SELECT count(*) FROM ${table}`)).rows[0].count);

  describe('health and errors', () => {
    it('answers health once the database answers', async () => {
      expect(await t.http('GET', '/health')).toMatchObject({ status: 200, body: { status: 'ok' } });
    });

    it('sends the security headers on api answers, refusals and pages', async () => {
      const refused = { method: 'POST', body: '{}', headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' } };
      for (const [path, status, init] of [
        ['/api/v1/health', 200, {}],
        ['/api/v1/nothing-here', 404, {}],
        ['/', 200, {}],
        ['/api/v1/auth/login', 415, refused],
      ] as const) {
        const res = await fetch(`${t.baseUrl}${path}`, init);
        expect(res.status).toBe(status);
        expect(res.headers.get('content-security-policy')).toContain("default-src 'self'");
        expect(res.headers.get('content-security-policy')).toContain("connect-src 'self' ws: wss:");
        expect(res.headers.get('x-content-type-options')).toBe('nosniff');
        expect(res.headers.get('strict-transport-security')).toMatch(/max-age=\d+/);
        expect(res.headers.get('x-powered-by')).toBeNull();
      }
    });

    it('serves Prometheus metrics: request timings by route pattern (never the raw id), open cases, sockets, job lag', async () => {
      await t.http('GET', `/patients/${a.users.nurse.id}`, { token: tokens.nurse });
      const res = await fetch(`${t.baseUrl}/metrics`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
      const text = await res.text();
      expect(text).toMatch(/http_request_duration_seconds_count\{method="GET",route="\/api\/v1\/patients\/:id",status="404"\} \d+/);
      expect(text).not.toContain(a.users.nurse.id);
      for (const name of [
        'triage_open_cases',
        'realtime_connected_sockets',
        'job_lag_seconds{job="notice_delivery"}',
        'job_lag_seconds{job="no_show_sweep"}',
      ]) {
        expect(text).toContain(name);
      }
    });

    it('answers malformed JSON with a 400 in the contract shape, never a stack', async () => {
      const res = await t.http('POST', '/auth/login', { rawBody: '{"username": ' });
      expect(res.status).toBe(400);
      expect(res.body).toEqual({
        statusCode: 400,
        error: 'Bad Request',
        message: 'Malformed JSON in request body',
        code: 'malformed_json',
      });
    });

    it('refuses NUL characters and bodies it cannot read with a 4xx naming the problem (found by the fuzz test)', async () => {
      const nulName = await t.http('POST', '/auth/login', { body: { username: 'a\u0000b', password: 'x' } });
      expect(nulName.status).toBe(400);
      expect(nulName.body.details).toEqual([{ field: 'username', reason: 'must not contain the NUL character (U+0000)', code: 'invalid' }]);
      const nulPath = await t.http('POST', '/pathways/x%00/publish', { token: tokens.admin });
      expect(nulPath.status).toBe(400);
      expect(nulPath.body.details[0].field).toBe('(url)');
      const charset = await t.http('POST', '/auth/login', {
        rawBody: '{"username":"a","password":"b"}',
        headers: { 'content-type': 'application/json; charset=latin1' },
      });
      expect(charset.status).toBe(415);
      expect(charset.headers.get('x-request-id')).toBeTruthy();
      // No client of the api compresses what it sends: a compressed body is refused before it is read.
      const gzip = await t.http('POST', '/auth/login', {
        rawBody: '{"username":"a","password":"b"}',
        headers: { 'content-encoding': 'gzip' },
      });
      expect(gzip.status).toBe(415);
      expect(gzip.body.message).toMatch(/uncompressed/);
      const unknownEncoding = await t.http('POST', '/auth/login', { rawBody: '{}', headers: { 'content-encoding': 'x-unknown' } });
      expect(unknownEncoding.status).toBe(415);
    });

    it('takes an empty JSON body as an empty object, and a trailing slash as none', async () => {
      const empty = await t.http('POST', '/auth/login', { rawBody: '' });
      expect(empty.status).toBe(400);
      expect((empty.body.details as Array<{ field: string }>).map((d) => d.field).sort()).toEqual(['password', 'username']);
      expect((await t.http('GET', '/health/')).status).toBe(200);
    });

    it('names each field of a wrongly shaped body, unknown fields included', async () => {
      const res = await t.http('POST', '/auth/login', { body: { username: 5, extra: true } });
      expect(res.status).toBe(400);
      const fields = (res.body.details as Array<{ field: string }>).map((d) => d.field).sort();
      expect(fields).toEqual(['extra', 'password', 'username']);
    });
  });

  describe('login', () => {
    it('signs in with the right password and returns the user with its centre', async () => {
      const res = await t.http('POST', '/auth/login', { body: { username: a.users.nurse.username, password: TEST_PASSWORD } });
      expect(res.status).toBe(200);
      expect(res.body.user).toMatchObject({ username: a.users.nurse.username, role: 'nurse', healthCentreId: a.centres.main });
      const me = await t.http('GET', '/auth/me', { token: res.body.accessToken });
      expect(me.body).toMatchObject({ id: a.users.nurse.id, role: 'nurse' });
    });

    it('refuses a wrong password and an unknown user alike with 401', async () => {
      const wrong = await t.http('POST', '/auth/login', { body: { username: a.users.admin.username, password: 'nope' } });
      const unknown = await t.http('POST', '/auth/login', { body: { username: 'nobody', password: 'nope' } });
      expect([wrong.status, unknown.status]).toEqual([401, 401]);
      expect(wrong.body.message).toBe(unknown.body.message);
    });

    it('rate limits repeated failures with 429 and Retry-After, even for the right password', async () => {
      const username = b.users.otherNurse.username;
      for (let i = 0; i < 3; i++) {
        expect((await t.http('POST', '/auth/login', { body: { username, password: `wrong-${i}` } })).status).toBe(401);
      }
      const limited = await t.http('POST', '/auth/login', { body: { username, password: TEST_PASSWORD } });
      expect(limited.status).toBe(429);
      expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    });

    it('refuses missing, forged and revoked tokens with 401', async () => {
      expect((await t.http('GET', '/auth/me')).status).toBe(401);
      expect((await t.http('GET', '/auth/me', { token: 'not.a.token' })).status).toBe(401);
      const [h, p] = tokens.admin!.split('.');
      expect((await t.http('GET', '/auth/me', { token: `${h}.${p}.forgedsignature` })).status).toBe(401);
      const token = await login(t, b.users.specialist.username);
      expect((await t.http('POST', '/auth/logout', { token })).status).toBe(204);
      expect((await t.http('GET', '/auth/me', { token })).status).toBe(401);
      tokens.bSpecialist = await login(t, b.users.specialist.username);
    });
  });

  describe('#15.16 housekeeping at the edge', () => {
    it('#15.16: answers a text/plain body with 415, as the README says, and stores nothing', async () => {
      const before = await count('patient');
      const body = JSON.stringify({ personnummer: personnummer(), name: 'Text', healthCentreId: a.centres.main });
      for (const path of ['/auth/login', '/patients']) {
        const res = await t.http('POST', path, { token: tokens.nurse, rawBody: body, headers: { 'content-type': 'text/plain' } });
        expect(res.status).toBe(415);
        expect(res.body).toMatchObject({ statusCode: 415, message: 'Unsupported Content-Type: send application/json' });
      }
      expect(await count('patient')).toBe(before);
    });

    it('#15.16: refuses a person name of only zero-width or blank characters with 400 naming the field', async () => {
      const patients = await count('patient');
      const users = await count('app_user');
      for (const name of ['\u200B\u200C\u200D', '\uFEFF \u2060', '\u3164']) {
        const p = await t.http('POST', '/patients', {
          token: tokens.nurse,
          body: { personnummer: personnummer(), name, healthCentreId: a.centres.main },
        });
        expect(p.status).toBe(400);
        expect(p.body.details).toEqual([{ field: 'name', reason: expect.stringMatching(/visible/), code: 'invalid' }]);
        const u = await t.http('POST', '/users', {
          token: tokens.admin,
          body: { username: 'invisible.name', password: 'a long enough passphrase 7', role: 'admin', displayName: name },
        });
        expect(u.status).toBe(400);
        expect(u.body.details).toEqual([{ field: 'displayName', reason: expect.stringMatching(/visible/), code: 'invalid' }]);
      }
      expect([await count('patient'), await count('app_user')]).toEqual([patients, users]);
    });

    it('#15.16: sends Cache-Control: no-store with patient data, refusals and tokens', async () => {
      const p = await createPatient(t, tokens.nurse!, a.centres.main);
      const answers = [
        await t.http('GET', `/patients/${p.id}`, { token: tokens.nurse }),
        await t.http('GET', `/patients/${p.id}`, { token: tokens.otherNurse }),
        await t.http('POST', '/patients', {
          token: tokens.nurse,
          body: { personnummer: personnummer(), name: 'Ny', healthCentreId: a.centres.main },
        }),
        await t.http('POST', '/auth/login', { body: { username: a.users.specialist.username, password: TEST_PASSWORD } }),
        await t.http('GET', '/audit-events', { token: tokens.admin }),
      ];
      expect(answers.map((r) => r.status)).toEqual([200, 404, 201, 200, 200]);
      for (const r of answers) expect(r.headers.get('cache-control')).toBe('no-store');
    });
  });

  describe('#15.9 tokens of the right signature with wrong claims', () => {
    it('#15.9: answers 401, not 500, to a signed token whose sub is not a uuid, on reads and writes', async () => {
      const secret = (await t.db.query(`SELECT value FROM app_setting WHERE key = 'auth_token_secret'`)).rows[0].value as string;
      const sign = (claims: object) => jwt.sign(claims, secret, { algorithm: 'HS256', issuer: 'ledtriage', expiresIn: 60 });
      for (const token of [sign({ sub: 'admin', ver: 0 }), sign({ sub: a.users.admin.id, ver: 1e300 })]) {
        expect((await t.http('GET', '/auth/me', { token })).status).toBe(401);
        expect((await t.http('POST', '/auth/logout', { token })).status).toBe(401);
      }
      // The same signing gives a working token when the claims are right, so the refusal is about the claims
      // (since issue 18 a token names its live session).
      const sid = JSON.parse(Buffer.from(tokens.admin!.split('.')[1]!, 'base64url').toString()).sid as string;
      expect((await t.http('GET', '/auth/me', { token: sign({ sub: a.users.admin.id, ver: 0, sid }) })).status).toBe(200);
      expect((await t.http('GET', '/auth/me', { token: sign({ sub: a.users.admin.id, ver: 0 }) })).status).toBe(401);
    });
  });

  describe("#15.10 password policy and the users' own password change", () => {
    it('#15.10: refuses all-same, sequences, repeated patterns, the username and common passwords for a new user, naming the field', async () => {
      const before = await count('app_user');
      for (const [password, reason] of [
        ['aaaaaaaaaaaaaaaa', /one character repeated/],
        ['abcdefghijklmnop', /sequence/],
        ['123456789012', /sequence/],
        ['qwertyuiopåasdf', /sequence/],
        ['abcabcabcabcabc', /pattern repeated/],
        ['policy.user is me', /username/],
        ['Password123456', /most common/],
        ['Sommar2024!!!!', /most common/],
      ] as const) {
        const res = await t.http('POST', '/users', {
          token: tokens.admin,
          body: { username: 'policy.user', password, role: 'admin', displayName: 'Policy' },
        });
        expect([password, res.status]).toEqual([password, 400]);
        expect(res.body.details).toContainEqual({ field: 'password', reason: expect.stringMatching(reason), code: 'invalid' });
      }
      expect(await count('app_user')).toBe(before);
      const ok = await t.http('POST', '/users', {
        token: tokens.admin,
        body: { username: 'policy.user', password: 'Tre glada björnar i skogen', role: 'admin', displayName: 'Policy' },
      });
      expect(ok.status).toBe(201);
    });

    it('#15.10: a user changes her own password: other sessions end, this one gets a new token, audited; wrong or weak refused', async () => {
      const username = a.users.specialist.username;
      const other = await login(t, username);
      const mine = await login(t, username);
      const wrong = await t.http('POST', '/auth/password', {
        token: mine,
        body: { currentPassword: 'not it at all', newPassword: 'Tre glada björnar i skogen' },
      });
      expect(wrong.status).toBe(422);
      expect(wrong.body.details).toEqual([{ field: 'currentPassword', reason: 'is not your current password', code: 'invalid' }]);
      // A wrong current password counts as a failed sign-in of the username from this address.
      expect(
        Number(
          (await t.db.query('SELECT count(*) FROM login_attempt WHERE username_key = $1 AND NOT succeeded', [username])).rows[0].count,
        ),
      ).toBe(1);
      const weak = await t.http('POST', '/auth/password', {
        token: mine,
        body: { currentPassword: TEST_PASSWORD, newPassword: '111111111111' },
      });
      expect(weak.status).toBe(422);
      expect(weak.body.details).toEqual([{ field: 'newPassword', reason: 'must not be one character repeated', code: 'invalid' }]);
      const short = await t.http('POST', '/auth/password', {
        token: mine,
        body: { currentPassword: TEST_PASSWORD, newPassword: TEST_PASSWORD },
      });
      expect(short.body.details).toContainEqual({ field: 'newPassword', reason: 'must differ from the current password', code: 'invalid' });
      expect((await t.http('GET', '/auth/me', { token: other })).status).toBe(200);

      const changed = await t.http('POST', '/auth/password', {
        token: mine,
        body: { currentPassword: TEST_PASSWORD, newPassword: 'Tre glada björnar i skogen' },
      });
      expect(changed.status).toBe(200);
      expect(changed.body).toMatchObject({ accessToken: expect.any(String), user: { username } });
      expect((await t.http('GET', '/auth/me', { token: other })).status).toBe(401);
      expect((await t.http('GET', '/auth/me', { token: mine })).status).toBe(401);
      expect((await t.http('GET', '/auth/me', { token: changed.body.accessToken })).status).toBe(200);
      expect((await t.http('POST', '/auth/login', { body: { username, password: TEST_PASSWORD } })).status).toBe(401);
      expect(await login(t, username, 'Tre glada björnar i skogen')).toEqual(expect.any(String));
      const audit = (
        await t.db.query(
          `SELECT action, resource_type, resource_id, outcome, actor_user_id FROM audit_event WHERE resource_type = 'User' AND resource_id = $1`,
          [a.users.specialist.id],
        )
      ).rows;
      expect(audit).toEqual([
        {
          action: 'update',
          resource_type: 'User',
          resource_id: a.users.specialist.id,
          outcome: 'success',
          actor_user_id: a.users.specialist.id,
        },
      ]);
      // Back to the shared test password for the rest of the suite (the policy allows it: it is a passphrase).
      const back = await t.http('POST', '/auth/password', {
        token: changed.body.accessToken,
        body: { currentPassword: 'Tre glada björnar i skogen', newPassword: TEST_PASSWORD },
      });
      expect(back.status).toBe(200);
      tokens.specialist = back.body.accessToken;
    });
  });

  describe('users and health centres (admin)', () => {
    it('lets only admins list and create users', async () => {
      expect((await t.http('GET', '/users', { token: tokens.nurse })).status).toBe(403);
      expect((await t.http('GET', '/users', { token: tokens.specialist })).status).toBe(403);
      const list = await t.http('GET', '/users', { token: tokens.admin });
      expect(list.status).toBe(200);
      expect(list.body.map((u: { username: string }) => u.username)).not.toContain(b.users.nurse.username);
    });

    it('refuses passwords under 12 characters and names the field', async () => {
      const before = await count('app_user');
      const res = await t.http('POST', '/users', {
        token: tokens.admin,
        body: { username: 'short.pw', password: 'elevenchars', role: 'nurse', healthCentreId: a.centres.main, displayName: 'X' },
      });
      expect(res.status).toBe(422);
      expect(res.body.details).toContainEqual({ field: 'password', reason: 'must be at least 12 characters', code: 'invalid' });
      expect(await count('app_user')).toBe(before);
    });

    it('creates a nurse who can then sign in; a centre of another region is refused', async () => {
      const other = await t.http('POST', '/users', {
        token: tokens.admin,
        body: { username: 'cross.region', password: 'twelve chars!', role: 'nurse', healthCentreId: b.centres.main, displayName: 'X' },
      });
      expect(other.status).toBe(422);
      const res = await t.http('POST', '/users', {
        token: tokens.admin,
        body: {
          username: 'New.Nurse',
          password: 'twelve chars!',
          role: 'nurse',
          healthCentreId: a.centres.other,
          displayName: 'Ny Sköterska',
        },
      });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({ username: 'new.nurse', role: 'nurse', healthCentreId: a.centres.other });
      expect(await login(t, 'new.nurse', 'twelve chars!')).toEqual(expect.any(String));
      const dup = await t.http('POST', '/users', {
        token: tokens.admin,
        body: { username: 'new.nurse', password: 'twelve chars!', role: 'admin', displayName: 'Dup' },
      });
      expect(dup.status).toBe(409);
    });

    it("lists only the caller region's health centres; only admins create them", async () => {
      const list = await t.http('GET', '/health-centres', { token: tokens.nurse });
      expect(list.body.map((c: { id: string }) => c.id).sort()).toEqual([a.centres.main, a.centres.other].sort());
      expect((await t.http('POST', '/health-centres', { token: tokens.nurse, body: { name: 'X', roadDistanceKm: 1 } })).status).toBe(403);
      const created = await t.http('POST', '/health-centres', {
        token: tokens.admin,
        body: { name: 'Ny hälsocentral', roadDistanceKm: 42.5 },
      });
      expect(created.status).toBe(201);
      expect(created.body).toMatchObject({ name: 'Ny hälsocentral', roadDistanceKm: 42.5, regionId: a.id });
    });
  });

  describe('patients and personnummer', () => {
    const withCheck = (born: string, serial: string) => `${born}${serial}${luhnCheckDigit(`${born.slice(2)}${serial}`)}`;

    it.each([
      ['YYYYMMDD-NNNN', (n: string) => `${n.slice(0, 8)}-${n.slice(8)}`],
      ['YYYYMMDDNNNN', (n: string) => n],
      ['YYMMDD-NNNN', (n: string) => `${n.slice(2, 8)}-${n.slice(8)}`],
    ])('accepts %s and stores it normalised', async (_, format) => {
      const normalized = withCheck('19650412', String(100 + Math.floor(Math.random() * 800)));
      const res = await t.http('POST', '/patients', {
        token: tokens.nurse,
        body: { personnummer: format(normalized), name: 'Format Test', healthCentreId: a.centres.main },
      });
      expect(res.status).toBe(201);
      expect(res.body.personnummer).toBe(normalized);
    });

    it('takes the century from + (a centenarian) and accepts a leap day', async () => {
      const plus = withCheck('19150301', '224');
      const res = await t.http('POST', '/patients', {
        token: tokens.nurse,
        body: { personnummer: `${plus.slice(2, 8)}+${plus.slice(8)}`, name: 'Hundra År', healthCentreId: a.centres.main },
      });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({ personnummer: plus, birthDate: '1915-03-01' });
      expect(res.body.ageYears).toBeGreaterThanOrEqual(100);
      const leap = withCheck('20000229', '123');
      expect(
        (
          await t.http('POST', '/patients', {
            token: tokens.nurse,
            body: { personnummer: leap, name: 'Skottdag', healthCentreId: a.centres.main },
          })
        ).status,
      ).toBe(201);
    });

    it('accepts a samordningsnummer', async () => {
      const coordination = withCheck('19800863', '455');
      const res = await t.http('POST', '/patients', {
        token: tokens.nurse,
        body: { personnummer: coordination, name: 'Samordning', healthCentreId: a.centres.main },
      });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({ isCoordinationNumber: true, birthDate: '1980-08-03' });
    });

    it('refuses a wrong check digit, a non-leap 29 February and garbage with 422 naming the field; nothing is stored', async () => {
      const before = await count('patient');
      const good = withCheck('19700101', '333');
      const wrongCheck = `${good.slice(0, 11)}${(Number(good[11]) + 1) % 10}`;
      for (const bad of [wrongCheck, withCheck('19000229', '123'), '12345']) {
        const res = await t.http('POST', '/patients', {
          token: tokens.nurse,
          body: { personnummer: bad, name: 'Fel', healthCentreId: a.centres.main },
        });
        expect(res.status).toBe(422);
        expect(res.body.details[0].field).toBe('personnummer');
      }
      expect(await count('patient')).toBe(before);
    });

    it('#15.6: refuses birth year 0000 (was a 500) and serial 000 with 422 naming the field; nothing is stored', async () => {
      const before = await count('patient');
      for (const bad of [withCheck('00000101', '238'), withCheck('00000229', '238'), withCheck('19700101', '000')]) {
        const res = await t.http('POST', '/patients', {
          token: tokens.nurse,
          body: { personnummer: bad, name: 'Noll', healthCentreId: a.centres.main },
        });
        expect(res.status).toBe(422);
        expect(res.body.details).toEqual([{ field: 'personnummer', reason: expect.stringMatching(/year of birth|000/), code: 'invalid' }]);
      }
      expect(await count('patient')).toBe(before);
    });

    it('#15.6, #15.16: the database itself refuses a birth year before 1880, a malformed number and an invisible name', async () => {
      const insert = (pnr: string, birth: string, name: string) =>
        t.db.query(
          `INSERT INTO patient (region_id, personnummer, is_coordination_number, birth_date, name, health_centre_id)
                    VALUES ($1, $2, false, $3, $4, $5)`,
          [a.id, pnr, birth, name, a.centres.main],
        );
      await expect(insert('000001012380', '0001-01-01', 'Noll')).rejects.toThrow(/patient_birth_date_range/);
      await expect(insert('19700101-238', '1970-01-01', 'Streck')).rejects.toThrow(/patient_personnummer_check/);
      await expect(insert('197001012381', '1970-01-01', '\u200B\uFEFF \u3164')).rejects.toThrow(/patient_name_visible/);
      await expect(t.db.query(`UPDATE app_user SET display_name = '\u200B' WHERE id = $1`, [a.users.nurse.id])).rejects.toThrow(
        /app_user_display_name_visible/,
      );
      await insert(withCheck('18800101', '238'), '1880-01-01', 'Åsa Öberg');
    });

    it("answers a duplicate at the same centre with 409 carrying the existing id (the caller's own patient)", async () => {
      const p = await createPatient(t, tokens.nurse!, a.centres.main);
      const res = await t.http('POST', '/patients', {
        token: tokens.nurse,
        body: { personnummer: p.personnummer, name: 'Igen', healthCentreId: a.centres.main },
      });
      expect(res.status).toBe(409);
      expect(res.body.existingId).toBe(p.id);
    });

    it('#15.4: registering a patient listed at another centre of the region moves the listing, reveals nothing else, and is audited', async () => {
      const p = await createPatient(t, tokens.nurse!, a.centres.main);
      const before = (await t.db.query('SELECT name, phone, personnummer FROM patient WHERE id = $1', [p.id])).rows[0];
      const res = await t.http('POST', '/patients', {
        token: tokens.otherNurse,
        body: { personnummer: p.personnummer, name: 'Flyttad Patient', phone: '070-123 45 67', healthCentreId: a.centres.other },
      });
      // Not a 409 with the other centre's id: the patient is now hers, exactly as registered.
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({
        id: p.id,
        personnummer: p.personnummer,
        healthCentreId: a.centres.other,
        name: 'Flyttad Patient',
        phone: '070-123 45 67',
      });
      expect(res.body.existingId).toBeUndefined();
      expect(before).toMatchObject({ personnummer: p.personnummer });
      expect(Number((await t.db.query('SELECT count(*) FROM patient WHERE personnummer = $1', [p.personnummer])).rows[0].count)).toBe(1);
      // The first centre's nurse no longer sees the patient; the new centre's does.
      expect((await t.http('GET', `/patients/${p.id}`, { token: tokens.nurse })).status).toBe(404);
      expect((await t.http('GET', `/patients/${p.id}`, { token: tokens.otherNurse })).status).toBe(200);
      const audit = (
        await t.db.query(
          `SELECT action, outcome, actor_user_id, reason, detail FROM audit_event WHERE patient_id = $1 AND action = 'update'`,
          [p.id],
        )
      ).rows;
      expect(audit).toEqual([
        {
          action: 'update',
          outcome: 'success',
          actor_user_id: a.users.otherNurse.id,
          reason: 'listing moved to another health centre',
          detail: { fromHealthCentreId: a.centres.main, toHealthCentreId: a.centres.other },
        },
      ]);
      // Another region is another care provider: its own record, its own id.
      const inB = await t.http('POST', '/patients', {
        token: tokens.bNurse,
        body: { personnummer: p.personnummer, name: 'Flyttad Patient', healthCentreId: b.centres.main },
      });
      expect(inB.status).toBe(201);
      expect(inB.body.id).not.toBe(p.id);
      expect(JSON.stringify(inB.body)).not.toContain(p.id);
    });

    it("scopes patients: own centre yes, another centre's nurse and another region 404, the region's specialist yes", async () => {
      const p = await createPatient(t, tokens.nurse!, a.centres.main);
      expect((await t.http('GET', `/patients/${p.id}`, { token: tokens.nurse })).status).toBe(200);
      expect((await t.http('GET', `/patients/${p.id}`, { token: tokens.specialist })).status).toBe(200);
      expect((await t.http('GET', `/patients/${p.id}`, { token: tokens.otherNurse })).status).toBe(404);
      expect((await t.http('GET', `/patients/${p.id}`, { token: tokens.bAdmin })).status).toBe(404);
      expect((await t.http('GET', `/patients/${p.id}`, { token: tokens.bSpecialist })).status).toBe(404);
      const search = (token: string | undefined, pnr: string) => t.http('POST', '/patients/search', { token, body: { personnummer: pnr } });
      expect((await search(tokens.otherNurse, p.personnummer)).status).toBe(404);
      expect((await search(tokens.nurse, p.personnummer)).body.id).toBe(p.id);
      expect((await search(tokens.specialist, `${p.personnummer.slice(2, 8)}-${p.personnummer.slice(8)}`)).body.id).toBe(p.id);
      expect((await search(tokens.bAdmin, p.personnummer)).status).toBe(404);
      expect((await search(tokens.nurse, '19121212-1213')).status).toBe(422);
      // #15.5: the look-up by personnummer is in the body only; the query form is gone.
      expect((await t.http('GET', `/patients?personnummer=${p.personnummer}`, { token: tokens.nurse })).status).toBe(404);
      expect((await t.http('GET', `/patients/00000000-0000-4000-8000-000000000000`, { token: tokens.nurse })).status).toBe(404);
    });

    it('lets a nurse register only at her own centre', async () => {
      const res = await t.http('POST', '/patients', {
        token: tokens.nurse,
        body: { personnummer: personnummer(), name: 'Fel central', healthCentreId: a.centres.other },
      });
      expect(res.status).toBe(403);
      const foreign = await t.http('POST', '/patients', {
        token: tokens.nurse,
        body: { personnummer: personnummer(), name: 'Fel region', healthCentreId: b.centres.main },
      });
      expect(foreign.status).toBe(422);
    });
  });

  describe('audit', () => {
    it('records writes, reads and denials with who, role, care unit and outcome; admins read them newest first', async () => {
      const p = await createPatient(t, tokens.nurse!, a.centres.main);
      await t.http('GET', `/patients/${p.id}`, { token: tokens.specialist });
      await t.http('GET', `/patients/${p.id}`, { token: tokens.otherNurse });
      const res = await t.http('GET', `/audit-events?patientId=${p.id}`, { token: tokens.admin });
      expect(res.status).toBe(200);
      const events = res.body as Array<Record<string, any>>;
      expect(events.map((e) => [e.action, e.outcome, e.user.role])).toEqual([
        ['read', 'denied', 'nurse'],
        ['read', 'success', 'specialist'],
        ['create', 'success', 'nurse'],
      ]);
      expect(events[0]).toMatchObject({ user: { id: a.users.otherNurse.id }, careUnit: { type: 'health_centre', id: a.centres.other } });
      expect(events[1]).toMatchObject({ careUnit: { type: 'clinic', id: a.clinicId } });
      expect(events.every((e) => typeof e.requestId === 'string' && !Number.isNaN(Date.parse(e.occurredAt)))).toBe(true);
    });

    it("records an attempt on another region's patient as denied, naming the patient", async () => {
      const p = await createPatient(t, tokens.bNurse!, b.centres.main);
      expect((await t.http('GET', `/patients/${p.id}`, { token: tokens.nurse })).status).toBe(404);
      const rows = (
        await t.db.query('SELECT outcome, actor_user_id, resource_id FROM audit_event WHERE resource_id = $1 AND action = $2', [
          p.id,
          'read',
        ])
      ).rows;
      expect(rows).toEqual([{ outcome: 'denied', actor_user_id: a.users.nurse.id, resource_id: p.id }]);
    });

    it("keeps audit filtered to the admin's region and refuses non-admins", async () => {
      const p = await createPatient(t, tokens.nurse!, a.centres.main);
      expect((await t.http('GET', `/audit-events?patientId=${p.id}`, { token: tokens.bAdmin })).body).toEqual([]);
      expect((await t.http('GET', '/audit-events', { token: tokens.nurse })).status).toBe(403);
      expect((await t.http('GET', '/audit-events?from=yesterday', { token: tokens.admin })).status).toBe(400);
    });

    it("cannot be changed or deleted by the application's database role", async () => {
      const before = await count('audit_event');
      expect(before).toBeGreaterThan(0);
      await expect(t.db.query('DELETE FROM audit_event')).rejects.toThrow(/append-only/);
      await expect(t.db.query(`UPDATE audit_event SET outcome = 'success'`)).rejects.toThrow(/append-only/);
      await expect(t.db.query('TRUNCATE audit_event')).rejects.toThrow(/append-only/);
      expect(await count('audit_event')).toBe(before);
    });
  });
});
