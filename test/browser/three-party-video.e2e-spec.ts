/// <reference lib="dom" />
import { randomUUID } from 'node:crypto';
import { type Browser, type BrowserContext, type Page } from 'playwright-core';
import { createPatient, login } from '../support/factories';
import { describeBrowser, screenshot, signIn, startDemoInBrowser, stopDemoInBrowser } from '../support/browser';
import { JOINT, jointAnswers } from '../support/joint-answers';
import type { TestApp } from '../support/test-app';

/** Every RTCPeerConnection a page makes, for the test to look into (read its SDP, force a failure). */
const CAPTURE_PEER_CONNECTIONS = () => {
  const Original = window.RTCPeerConnection;
  const all: RTCPeerConnection[] = [];
  (window as unknown as { __pcs: RTCPeerConnection[] }).__pcs = all;
  window.RTCPeerConnection = class extends Original {
    constructor(config?: RTCConfiguration) {
      super(config);
      all.push(this);
    }
  } as typeof RTCPeerConnection;
};

/** The remote tiles of a page: role, frames decoded, state, microphone and camera, ICE restarts. */
const tiles = (page: Page) =>
  page.$$eval('[data-testid=remote-peer]', (els) =>
    els.map((e) => ({
      role: e.getAttribute('data-peer-role'),
      frames: Number(e.getAttribute('data-frames-decoded')),
      state: e.getAttribute('data-state'),
      audio: e.getAttribute('data-media-audio'),
      video: e.getAttribute('data-media-video'),
      restarts: Number(e.getAttribute('data-ice-restarts')),
      width: (e.querySelector('video') as HTMLVideoElement | null)?.videoWidth ?? 0,
    })),
  );

/** Waits until the page has exactly these remote roles, each connected and decoding video. */
async function decodingFrom(page: Page, roles: string[], moreThan: Record<string, number> = {}) {
  await page.waitForFunction(
    ({ roles, moreThan }) => {
      const els = Array.from(document.querySelectorAll('[data-testid=remote-peer]'));
      const seen = els.map((e) => e.getAttribute('data-peer-role')).sort();
      return (
        JSON.stringify(seen) === JSON.stringify([...roles].sort()) &&
        els.every((e) => {
          const role = e.getAttribute('data-peer-role')!;
          const video = e.querySelector('video') as HTMLVideoElement | null;
          const frames = Number(e.getAttribute('data-frames-decoded'));
          return e.getAttribute('data-state') === 'connected' && frames > (moreThan[role] ?? 0) && (video?.videoWidth ?? 0) > 0;
        })
      );
    },
    { roles, moreThan },
    { timeout: 120_000 },
  );
}

/**
 * Issue 22 ("Done when": a three-party video visit in Chromium with fake media in which all three decode
 * each other's video) and issue 17 item 6 in the embedded mode: the specialist, the centre's nurse and an
 * interpreter who opens the one-time link without an account; microphone and camera off seen by the others,
 * and an ICE restart after a connection fails.
 */
describeBrowser('A three-party video visit in Chromium (embedded mesh, fake media)', () => {
  let t: TestApp;
  let browser: Browser;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    ({ t, browser } = await startDemoInBrowser({ VISIT_JOIN_OPENS_MINUTES: '1440', ICE_SERVERS: '[]' }));
  }, 180_000);
  afterAll(async () => {
    for (const c of contexts) await c.close();
    await stopDemoInBrowser({ t, browser });
  });

  /** A visit of the demo rheumatologist at Funäsdalen in ten minutes, with an interpreter booked; the link. */
  async function visitWithInterpreter(): Promise<{ visitId: string; link: string; patientName: string }> {
    const admin = await login(t, 'admin', 'demo');
    const nurse = await login(t, 'nurse', 'demo');
    const users: Array<{ id: string; username: string }> = (await t.http('GET', '/users', { token: admin })).body;
    const specialist = users.find((u) => u.username === 'specialist')!;
    const centres: Array<{ id: string; name: string }> = (await t.http('GET', '/health-centres', { token: admin })).body;
    const centre = centres.find((c) => c.name.startsWith('Funäsdalen'))!;
    const start = new Date(Math.ceil(Date.now() / 600_000) * 600_000 + 3 * 3600_000);
    const session = await t.http('POST', '/clinic-sessions', {
      token: admin,
      body: {
        specialistId: specialist.id,
        healthCentreId: centre.id,
        start: start.toISOString(),
        end: new Date(start.getTime() + 1800_000).toISOString(),
        slotMinutes: 30,
        mode: 'remote',
      },
    });
    expect(session.status).toBe(201);
    const patient = await createPatient(t, nurse, centre.id, '19610203');
    const { body: detail } = await t.http('GET', `/patients/${patient.id}`, { token: nurse });
    const c = await t.http('POST', '/triage-cases', {
      token: nurse,
      body: { patientId: patient.id, pathwayKey: JOINT, answers: jointAnswers({ swollen_joint_count: 3 }) },
      headers: { 'idempotency-key': randomUUID() },
    });
    expect(c.status).toBe(201);
    const booking = await t.http('POST', '/bookings', { token: nurse, body: { caseId: c.body.id, slotId: session.body.slots[0].id } });
    expect(booking.status).toBe(201);
    const interpreter = await t.http('POST', `/visits/${booking.body.visitId}/interpreter`, { token: nurse, body: { language: 'so' } });
    expect(interpreter.status).toBe(201);
    return { visitId: booking.body.visitId, link: interpreter.body.link, patientName: detail.name };
  }

  async function staffInVisit(username: string, visitId: string): Promise<Page> {
    const context = await browser.newContext({ locale: 'sv-SE' });
    context.setDefaultTimeout(90_000);
    contexts.push(context);
    await context.addInitScript(CAPTURE_PEER_CONNECTIONS);
    const page = await signIn(context, t.baseUrl, username);
    await page.goto(`${t.baseUrl}/#/visit/${visitId}`);
    await page.getByText('Triagesvar').waitFor();
    return page;
  }

  it('specialist, centre and interpreter see and hear each other; microphone and camera off show; an ICE restart recovers', async () => {
    const visit = await visitWithInterpreter();
    const nurse = await staffInVisit('nurse', visit.visitId);
    const doctor = await staffInVisit('specialist', visit.visitId);
    const interpreterContext = await browser.newContext({ locale: 'sv-SE' });
    interpreterContext.setDefaultTimeout(90_000);
    contexts.push(interpreterContext);
    await interpreterContext.addInitScript(CAPTURE_PEER_CONNECTIONS);
    const interpreter = await interpreterContext.newPage();
    await interpreter.setViewportSize({ width: 1100, height: 900 });
    // The link as the interpreter got it, on this api's address.
    await interpreter.goto(`${t.baseUrl}${new URL(visit.link).pathname}`);
    await interpreter.getByRole('heading', { name: 'Videotolkning' }).waitFor();
    await interpreter.getByText('somaliska').waitFor();
    const text = await interpreter.textContent('body');
    expect(text).not.toContain(visit.patientName);
    expect(text).not.toMatch(/\d{8}-\d{4}/);
    await screenshot(interpreter, 'video-01-interpreter-link');

    // The nurse is first: she is told that nobody else is there yet.
    await nurse.getByTestId('join').click();
    await nurse.getByText('Den andra parten har inte anslutit ännu.', { exact: false }).waitFor();
    await screenshot(nurse, 'video-02-centre-waiting');
    await doctor.getByTestId('join').click();
    await interpreter.getByTestId('join').click();

    for (const [page, others] of [
      [nurse, ['specialist', 'interpreter']],
      [doctor, ['nurse', 'interpreter']],
      [interpreter, ['nurse', 'specialist']],
    ] as const) {
      await decodingFrom(page, [...others]);
    }
    for (const page of [nurse, doctor, interpreter]) {
      // Every link's quality is shown in words once measured (on one machine: good).
      const measured = () =>
        Array.from(document.querySelectorAll('[data-testid=call-quality]')).every((q) => /bra|godtagbar|dålig/.test(q.textContent ?? ''));
      await page.waitForFunction(measured, undefined, { timeout: 60_000 });
    }
    expect(await nurse.getAttribute('[data-testid=visit]', 'data-pc-state')).toBe('connected');
    await interpreter.getByText('Specialistläkaren').waitFor();
    await interpreter.getByText('Hälsocentralen').waitFor();
    await screenshot(nurse, 'video-03-three-party-centre');
    await screenshot(doctor, 'video-04-three-party-specialist');
    await screenshot(interpreter, 'video-05-three-party-interpreter');

    // The camera chosen again in the call (the fake device is the only one): its new track is swapped in, and flows.
    const cameras = interpreter.locator('.call-devices select').first();
    expect(await cameras.locator('option').count()).toBeGreaterThan(0);
    const beforeSwap = Object.fromEntries((await tiles(nurse)).map((x) => [x.role, x.frames]));
    const sentVideo = () =>
      interpreter.evaluate(() =>
        (window as unknown as { __pcs: RTCPeerConnection[] }).__pcs
          .filter((pc) => pc.connectionState === 'connected')
          .map((pc) => pc.getSenders().find((x) => x.track?.kind === 'video')?.track?.id),
      );
    const tracksBefore = await sentVideo();
    await cameras.selectOption({ index: 0 });
    await interpreter.waitForFunction(
      (old) =>
        (window as unknown as { __pcs: RTCPeerConnection[] }).__pcs
          .filter((pc) => pc.connectionState === 'connected')
          .every((pc) => !old.includes(pc.getSenders().find((x) => x.track?.kind === 'video')?.track?.id)),
      tracksBefore,
    );
    expect(new Set(await sentVideo()).size).toBe(1);
    await decodingFrom(nurse, ['specialist', 'interpreter'], beforeSwap);

    // The interpreter turns off microphone and camera: both others see it, in words.
    await interpreter.getByRole('button', { name: 'Stäng av mikrofonen' }).click();
    await interpreter.getByRole('button', { name: 'Stäng av kameran' }).click();
    for (const page of [nurse, doctor]) {
      const tile = page.locator('[data-testid=remote-peer][data-peer-role=interpreter]');
      await page.waitForSelector('[data-testid=remote-peer][data-peer-role=interpreter][data-media-audio=false][data-media-video=false]');
      await tile.getByText('Kameran är av').waitFor();
      await tile.getByText('mikrofonen är av').waitFor();
    }
    await screenshot(doctor, 'video-06-interpreter-camera-off');
    await interpreter.getByRole('button', { name: 'Slå på kameran' }).click();
    await interpreter.getByRole('button', { name: 'Slå på mikrofonen' }).click();
    await doctor.waitForSelector('[data-testid=remote-peer][data-peer-role=interpreter][data-media-audio=true][data-media-video=true]');

    // A connection that fails is restarted (new ICE credentials) and its video flows again.
    const before = Object.fromEntries((await tiles(nurse)).map((x) => [x.role, x.frames]));
    const ufrags = await nurse.evaluate(() => {
      const open = (window as unknown as { __pcs: RTCPeerConnection[] }).__pcs.filter((pc) => pc.connectionState === 'connected');
      const ufrags = open.map((pc) => /a=ice-ufrag:(\S+)/.exec(pc.localDescription!.sdp)![1]);
      for (const pc of open) {
        // The browser reports a failed connection: what the page hears when the network goes.
        Object.defineProperty(pc, 'connectionState', { configurable: true, get: () => 'failed' });
        pc.dispatchEvent(new Event('connectionstatechange'));
        delete (pc as unknown as Record<string, unknown>).connectionState;
      }
      return ufrags;
    });
    expect(ufrags).toHaveLength(2);
    const restarted = () =>
      Array.from(document.querySelectorAll('[data-testid=remote-peer]')).every((e) => Number(e.getAttribute('data-ice-restarts')) >= 1);
    await nurse.waitForFunction(restarted);
    await nurse.waitForFunction(
      (old) => {
        const open = (window as unknown as { __pcs: RTCPeerConnection[] }).__pcs.filter((pc) => pc.connectionState === 'connected');
        const now = open.map((pc) => /a=ice-ufrag:(\S+)/.exec(pc.localDescription!.sdp)![1]);
        return open.length === 2 && now.every((u) => !old.includes(u!));
      },
      ufrags,
      { timeout: 90_000 },
    );
    await decodingFrom(nurse, ['specialist', 'interpreter'], before);
    await decodingFrom(doctor, ['nurse', 'interpreter']);
    await screenshot(nurse, 'video-07-after-ice-restart');

    // The interpreter leaves: the others see that only two are left.
    await interpreter.getByTestId('leave').click();
    await doctor.waitForFunction(() => document.querySelectorAll('[data-testid=remote-peer]').length === 1);
    expect((await tiles(doctor)).map((x) => x.role)).toEqual(['nurse']);
  }, 600_000);

  it("the interpreter's page in English, and a link that does not exist", async () => {
    const context = await browser.newContext({ locale: 'en-GB' });
    context.setDefaultTimeout(90_000);
    contexts.push(context);
    const page = await context.newPage();
    await page.goto(`${t.baseUrl}/i/${'Q'.repeat(43)}`);
    await page.getByText('Länken finns inte.', { exact: false }).waitFor();
    await page.getByRole('button', { name: 'In English' }).click();
    await page.getByRole('heading', { name: 'Video interpretation' }).waitFor();
    await page.getByText('The link does not exist.', { exact: false }).waitFor();
    await screenshot(page, 'video-08-interpreter-link-unknown-en');
  }, 60_000);
});
