import { randomUUID } from 'node:crypto';
import { createRegion, loginAll, personnummer, type TestRegion } from './support/factories';
import { JOINT, jointAnswers } from './support/joint-answers';
import { createTestApp, type TestApp } from './support/test-app';

/**
 * #15.5: no personnummer, name or phone number in any log line, at any level. Every line the api
 * writes at `trace` (its pino stream, and anything written to stdout/stderr or the console) is
 * captured through a whole patient flow, including a 500 whose SQL parameters and database message
 * carry the patient's data, and searched for the patient's data in every written form.
 */
describe('#15.5 log privacy (HTTP, real PostgreSQL, LOG_LEVEL=trace)', () => {
  let t: TestApp;
  let a: TestRegion;
  let tokens: Record<string, string>;
  const lines: string[] = [];

  beforeAll(async () => {
    t = await createTestApp({ env: { LOG_LEVEL: 'trace' }, logStream: { write: (line: string) => void lines.push(line) } });
    a = await createRegion(t.db, 'LP');
    tokens = await loginAll(t, a);
    // A database error that, like PostgreSQL's own, names the values: message and detail carry the patient's data.
    await t.db.query(`
      CREATE FUNCTION log_privacy_boom() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.name LIKE 'Krasch %' THEN
          RAISE EXCEPTION 'cannot store % %', NEW.name, NEW.personnummer USING DETAIL = 'phone ' || coalesce(NEW.phone, '');
        END IF;
        RETURN NEW;
      END $$;
      CREATE TRIGGER log_privacy_boom BEFORE INSERT OR UPDATE ON patient FOR EACH ROW EXECUTE FUNCTION log_privacy_boom();`);
  });
  afterAll(() => t.close());

  /** Every way the data could be written: 12 and 10 digits, with and without separators; the phone in digits only. */
  const forms = (pnr: string, name: string, phone: string) => {
    const digits = pnr.replace(/\D/g, '');
    return [
      digits,
      `${digits.slice(0, 8)}-${digits.slice(8)}`,
      digits.slice(2),
      `${digits.slice(2, 8)}-${digits.slice(8)}`,
      name,
      ...name.split(' '),
      phone,
      phone.replace(/\D/g, ''),
      encodeURIComponent(name),
    ];
  };

  it("#15.5: writes none of a patient's personnummer, name or phone through register, search, triage, a move and a forced 500", async () => {
    const written: string[] = [];
    const capture = (stream: NodeJS.WriteStream) =>
      jest.spyOn(stream, 'write').mockImplementation(((chunk: unknown) => (written.push(String(chunk)), true)) as typeof stream.write);
    const spies = [
      capture(process.stdout),
      capture(process.stderr),
      ...(['log', 'info', 'warn', 'error', 'debug', 'trace'] as const).map((m) =>
        jest.spyOn(console, m).mockImplementation((...args) => void written.push(args.join(' '))),
      ),
    ];
    const secrets: string[] = [];
    try {
      const pnr = personnummer('19481109');
      const name = 'Gunvor Lindqvist-Bergström';
      const phone = '070-555 12 34';
      secrets.push(...forms(pnr, name, phone));
      const created = await t.http('POST', '/patients', {
        token: tokens.nurse,
        body: { personnummer: pnr, name, phone, healthCentreId: a.centres.main },
      });
      expect(created.status).toBe(201);
      expect((await t.http('POST', '/patients/search', { token: tokens.nurse, body: { personnummer: pnr } })).status).toBe(200);
      expect((await t.http('POST', '/patients/search', { token: tokens.otherNurse, body: { personnummer: pnr } })).status).toBe(404);
      expect((await t.http('GET', `/patients/${created.body.id}`, { token: tokens.specialist })).status).toBe(200);
      // Clients that still put it in a URL, a path or a header: refused, and not logged either.
      expect((await t.http('GET', `/patients?personnummer=${pnr}&name=${encodeURIComponent(name)}`, { token: tokens.nurse })).status).toBe(
        404,
      );
      expect((await t.http('GET', `/patients/${pnr}`, { token: tokens.nurse })).status).toBe(404);
      expect(
        (
          await t.http('GET', `/nothing/${encodeURIComponent(name)}/${phone.replace(/ /g, '')}`, {
            token: tokens.nurse,
            headers: { referer: `http://x/?pnr=${pnr}` },
          })
        ).status,
      ).toBe(404);
      const triaged = await t.http('POST', '/triage-cases', {
        token: tokens.nurse,
        headers: { 'idempotency-key': randomUUID() },
        body: { patientId: created.body.id, pathwayKey: JOINT, answers: jointAnswers({ swollen_joint_count: 3 }) },
      });
      expect(triaged.status).toBe(201);
      expect((await t.http('GET', `/triage-cases/${triaged.body.id}`, { token: tokens.specialist })).status).toBe(200);
      // The listing moves to the other centre (an UPDATE with the data as parameters).
      expect(
        (
          await t.http('POST', '/patients', {
            token: tokens.otherNurse,
            body: { personnummer: pnr, name, phone, healthCentreId: a.centres.other },
          })
        ).status,
      ).toBe(200);
      // A duplicate (409 from the database's unique key) and a forced 500 with the data in parameters, message and detail.
      expect(
        (
          await t.http('POST', '/patients', {
            token: tokens.otherNurse,
            body: { personnummer: pnr, name, healthCentreId: a.centres.other },
          })
        ).status,
      ).toBe(409);
      const crashPnr = personnummer('19520301');
      const crashName = 'Krasch Öhrnberg';
      const crashPhone = '+46 70 987 65 43';
      secrets.push(...forms(crashPnr, crashName, crashPhone));
      const crash = await t.http('POST', '/patients', {
        token: tokens.nurse,
        body: { personnummer: crashPnr, name: crashName, phone: crashPhone, healthCentreId: a.centres.main },
      });
      expect(crash.status).toBe(500);
      expect(JSON.stringify(crash.body)).not.toContain('Öhrnberg');
      // Sign-in with a personnummer as the username (people do type it there).
      expect((await t.http('POST', '/auth/login', { body: { username: pnr, password: 'fel lösenord' } })).status).toBe(401);
      await new Promise((r) => setTimeout(r, 200));
    } finally {
      for (const spy of spies) spy.mockRestore();
    }
    const all = [...lines, ...written];
    // The capture works: the requests and the 500 are there, with the database error's code and statement.
    expect(lines.some((l) => /"url":"\/api\/v1\/patients\/search"/.test(l))).toBe(true);
    const errorLine = lines.find((l) => l.includes('unhandled error'));
    expect(errorLine).toBeDefined();
    expect(JSON.parse(errorLine!)).toMatchObject({ err: { code: 'P0001', query: expect.stringContaining('INSERT INTO patient') } });
    expect(lines.length).toBeGreaterThan(20);
    const leaks = all.flatMap((line) => secrets.filter((s) => line.includes(s)).map((s) => `${s} in ${line.slice(0, 400)}`));
    expect(leaks).toEqual([]);
  });
});
