import { inflateSync } from 'node:zlib';
import { createPatient, createRegion, loginAll, type TestRegion } from './support/factories';
import { createTestApp, type TestApp } from './support/test-app';

describe("Issue 18 #5: a patient's access log, page by page and as CSV (HTTP, real PostgreSQL)", () => {
  let t: TestApp;
  let a: TestRegion;
  let b: TestRegion;
  let ta: Record<string, string>;
  let tb: Record<string, string>;
  let patientId: string;

  beforeAll(async () => {
    t = await createTestApp();
    a = await createRegion(t.db, 'AL');
    b = await createRegion(t.db, 'AK');
    ta = await loginAll(t, a);
    tb = await loginAll(t, b);
    patientId = (await createPatient(t, ta.nurse!, a.centres.main)).id;
    for (let i = 0; i < 3; i++) expect((await t.http('GET', `/patients/${patientId}`, { token: ta.nurse })).status).toBe(200);
  });
  afterAll(() => t.close());

  const log = (query: string, token = ta.admin) => t.http('GET', `/patients/${patientId}/access-log${query}`, { token });
  const patientRows = async () =>
    Number(
      (
        await t.db.query(
          `SELECT count(*) FROM audit_event WHERE patient_id = $1 OR detail -> 'patientIds' @> jsonb_build_array($1::text)`,
          [patientId],
        )
      ).rows[0].count,
    );

  it('#18.5: pages with a cursor cover every access exactly once, newest first, naming who, which care unit, when and why', async () => {
    const seen: Array<{ id: string; occurredAt: string }> = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const res = await log(`?limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      expect(res.status).toBe(200);
      expect(res.body.items.length).toBeLessThanOrEqual(2);
      seen.push(...res.body.items);
      cursor = res.body.nextCursor;
      pages++;
    } while (cursor && pages < 50);
    // The admin's own reads of the log are accesses too, and are in it.
    expect(seen.length).toBe((await patientRows()) - (pages - 1));
    expect(new Set(seen.map((s) => s.id)).size).toBe(seen.length);
    const times = seen.map((s) => s.occurredAt);
    expect([...times].sort().reverse()).toEqual(times);
    const read = (await log('?limit=100')).body.items.find(
      (i: { action: string; user: { id: string } }) => i.action === 'read' && i.user.id === a.users.nurse.id,
    );
    expect(read).toMatchObject({
      user: { id: a.users.nurse.id, username: a.users.nurse.username, role: 'nurse' },
      careUnit: { type: 'health_centre', id: a.centres.main },
      resource: { type: 'Patient', id: patientId },
      outcome: 'success',
    });
    expect(read.careUnit.name).toEqual(expect.any(String));
  });

  it('#18.5: the CSV holds every row however many (not the first 1 000), and no cell can run as a spreadsheet formula', async () => {
    await t.db.query(
      `INSERT INTO audit_event (actor_user_id, actor_username, actor_role, care_unit_type, care_unit_id, region_id, patient_id, action,
                                resource_type, resource_id, outcome, reason, occurred_at)
       SELECT $1, 'bulk', 'nurse', 'health_centre', $2, $3, $4::uuid, 'read', 'Patient', $4::text, 'success',
              CASE WHEN g = 1 THEN '=HYPERLINK("http://evil.example")' ELSE 'care' END, now() - g * interval '1 second'
         FROM generate_series(1, 1100) g`,
      [a.users.nurse.id, a.centres.main, a.id, patientId],
    );
    const res = await t.http('GET', `/patients/${patientId}/access-log?format=csv`, { token: ta.admin });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(res.headers.get('content-disposition')).toContain('attachment');
    const lines = (res.body as string)
      .replace(/^\ufeff/, '')
      .trimEnd()
      .split('\r\n');
    expect(lines[0]).toBe(
      'occurred_at,user_display_name,username,user_hsa_id,role,care_unit_type,care_unit_name,care_unit_hsa_id,' +
        'action,resource_type,resource_id,outcome,reason',
    );
    // Every row that was there when the CSV was read (its own read included).
    expect(lines.length - 1).toBe(await patientRows());
    expect(lines.length - 1).toBeGreaterThan(1100);
    expect(lines.some((l) => l.endsWith(`"'=HYPERLINK(""http://evil.example"")"`))).toBe(true);
  });

  it('#18.5: the PDF holds every row too (streamed through the cursor), naming who, HSA-ids, care unit, when, what, why', async () => {
    await t.db.query('UPDATE app_user SET hsa_id = $2 WHERE id = $1', [a.users.nurse.id, 'SE2321000016-PDF1']);
    await t.db.query('UPDATE health_centre SET hsa_id = $2 WHERE id = $1', [a.centres.main, 'SE2321000016-HCPDF']);
    expect((await t.http('GET', `/patients/${patientId}`, { token: ta.nurse })).status).toBe(200);
    const res = await fetch(`${t.baseUrl}/api/v1/patients/${patientId}/access-log?format=pdf`, {
      headers: { authorization: `Bearer ${ta.admin}` },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    expect(res.headers.get('content-disposition')).toBe(`attachment; filename="access-log-${patientId}.pdf"`);
    const pdf = Buffer.from(await res.arrayBuffer());
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(pdf.subarray(-6).toString('latin1')).toContain('%%EOF');
    const text = pdfText(pdf);
    expect(text).toContain('Loggutdrag: åtkomst till patientens uppgifter');
    // One numbered entry per row, the PDF's own read included: more than the 1 100 bulk rows, none left out.
    const entries = text.split('\n').filter((l) => l.startsWith('Vem / Who: '));
    expect(entries.length).toBe(await patientRows());
    expect(entries.length).toBeGreaterThan(1100);
    expect(text).toContain(`${entries.length} rader / rows.`);
    // The newest real read: the nurse by name, user name, HSA-id and role, for her centre by name and HSA-id.
    const lines = text.split('\n');
    const first = lines.findIndex((l) => l.endsWith('Läste / Read: Patient  (genomfört / done)'));
    const block = lines.slice(first, first + 4).join('\n');
    expect(block).toContain(`(${a.users.nurse.username}), HSA-id SE2321000016-PDF1, sjuksköterska / nurse`);
    expect(block).toMatch(/Vårdenhet \/ Care unit: AL Norra hälsocentral \(HSA-id SE2321000016-HCPDF\)/);
    const pages = pdf.toString('latin1').match(/\/Type \/Page\b/g) ?? [];
    expect(pages.length).toBeGreaterThan(20);
    const { rows } = await t.db.query(
      `SELECT detail FROM audit_event WHERE resource_type = 'PatientAccessLog' AND patient_id = $1 ORDER BY id DESC LIMIT 1`,
      [patientId],
    );
    expect(rows[0].detail).toEqual({ format: 'pdf' });
  });

  it("#18.5: another region's admin gets 404, a nurse 403; a bad cursor or limit -> 400 naming it", async () => {
    expect((await log('', tb.admin)).status).toBe(404);
    expect((await log('', ta.nurse)).status).toBe(403);
    const bad = await log('?cursor=abc');
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body.details)).toContain('cursor');
    const zero = await log('?limit=0');
    expect(zero.status).toBe(400);
    expect(JSON.stringify(zero.body.details)).toContain('limit');
  });

  it('#18.5: reading the log is itself on the record', async () => {
    const before = Number(
      (
        await t.db.query(
          `SELECT count(*) FROM audit_event WHERE resource_type = 'PatientAccessLog' AND patient_id = $1 AND actor_user_id = $2`,
          [patientId, a.users.admin.id],
        )
      ).rows[0].count,
    );
    await log('?limit=1');
    const after = Number(
      (
        await t.db.query(
          `SELECT count(*) FROM audit_event WHERE resource_type = 'PatientAccessLog' AND patient_id = $1 AND actor_user_id = $2`,
          [patientId, a.users.admin.id],
        )
      ).rows[0].count,
    );
    expect(after).toBe(before + 1);
  });
});

/**
 * The text of a PDF written by pdfkit with its standard fonts: each content stream inflated, each
 * TJ/Tj's strings (hex, WinAnsi) joined, a line per text-showing operator.
 */
function pdfText(pdf: Buffer): string {
  const raw = pdf.toString('latin1');
  const lines: string[] = [];
  for (const m of raw.matchAll(/stream\n([\s\S]*?)\nendstream/g)) {
    let content: string;
    try {
      content = inflateSync(Buffer.from(m[1]!, 'latin1')).toString('latin1');
    } catch {
      continue;
    }
    for (const op of content.matchAll(/\[((?:<[0-9a-fA-F]*>|[^\]])*)\]\s*TJ|(<[0-9a-fA-F]*>)\s*Tj/g)) {
      const parts = (op[1] ?? op[2] ?? '').match(/<([0-9a-fA-F]*)>/g) ?? [];
      lines.push(parts.map((h) => Buffer.from(h.slice(1, -1), 'hex').toString('latin1')).join(''));
    }
  }
  return lines.join('\n');
}
