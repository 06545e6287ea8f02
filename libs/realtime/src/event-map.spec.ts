import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { deliveriesOf, type Delivery, type DomainEvent } from './event-map';
import { rooms } from './realtime.events';

const ROOT = join(__dirname, '..', '..', '..');

function sources(dir: string, ext: RegExp): Array<{ path: string; text: string }> {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path, ext);
    return ext.test(name) && !name.endsWith('.spec.ts') ? [{ path, text: readFileSync(path, 'utf8') }] : [];
  });
}

/** The server's event vocabulary, read from realtime.events.ts (the keys of ServerEvents). */
const vocabulary = (() => {
  const text = readFileSync(join(__dirname, 'realtime.events.ts'), 'utf8');
  const block = text.slice(text.indexOf('export interface ServerEvents'), text.indexOf('export type ServerEventName'));
  return new Set([...block.matchAll(/^\s+'([a-z.-]+)':/gm)].map((m) => m[1]!));
})();

const roomsOf = (ds: Delivery[], event: string) => ds.flatMap((d) => ('to' in d && d.event === event ? d.to : []));

describe('the realtime event map (issue 16, #2)', () => {
  const moved: DomainEvent = {
    type: 'visit.changed',
    visitId: 'v1',
    status: 'scheduled',
    caseId: 'c1',
    healthCentreId: 'hc-new',
    specialistId: 'sp-new',
    before: { healthCentreId: 'hc-old', specialistId: 'sp-old' },
    caseStatus: 'booked',
  };

  it('tells both specialists, both centres and the visit room of a visit moved to another specialist and centre', () => {
    const ds = deliveriesOf(moved);
    expect(new Set(roomsOf(ds, 'visit.updated'))).toEqual(
      new Set([rooms.centre('hc-new'), rooms.centre('hc-old'), rooms.user('sp-new'), rooms.user('sp-old'), rooms.visit('v1')]),
    );
    expect(new Set(roomsOf(ds, 'case.updated'))).toEqual(new Set([rooms.centre('hc-new'), rooms.centre('hc-old')]));
  });

  it('moves a pathway queue for its serving region and for the agreement queues of the centre, and shows the case to the centre', () => {
    const ds = deliveriesOf({
      type: 'case.changed',
      reason: 'released',
      caseId: 'c1',
      status: 'awaiting_booking',
      healthCentreId: 'hc',
      pathwayKey: 'p',
      servingRegionId: 'r',
    });
    expect(roomsOf(ds, 'queue.updated')).toEqual([rooms.queue('r', 'p')]);
    expect(ds.filter((d) => 'centreQueue' in d)).toEqual([
      { centreQueue: { caseRegionId: 'r', healthCentreId: 'hc', pathwayKey: 'p' }, event: 'queue.updated', payload: expect.any(Object) },
    ]);
    expect(roomsOf(ds, 'case.updated')).toEqual([rooms.centre('hc')]);
  });

  it('tells the centre and the specialist of a cancelled session, and the centre of an answer', () => {
    const session = deliveriesOf({
      type: 'session.changed',
      sessionId: 's',
      status: 'cancelled',
      healthCentreId: 'hc',
      specialistId: 'sp',
    });
    expect(roomsOf(session, 'session.updated')).toEqual([rooms.centre('hc'), rooms.user('sp')]);
    const answer = deliveriesOf({ type: 'answer.sent', outcomeId: 'o', visitId: 'v', healthCentreId: 'hc' });
    expect(roomsOf(answer, 'inbox.updated')).toEqual([rooms.centre('hc')]);
  });

  it('has a listener in the web client for every event the server sends, and the server sends every event the client listens for', () => {
    const web = sources(join(ROOT, 'apps', 'web', 'src'), /\.tsx?$/);
    const listened = new Set(
      web.flatMap(({ text }) =>
        [...text.matchAll(/(?:\.on|\bon|useLiveReload)(?:<[^>()]*>)?\(\s*'([a-z]+\.[a-z.-]+)'/g)].map((m) => m[1]!),
      ),
    );
    const server = sources(join(ROOT, 'libs'), /\.ts$/).filter((f) => !f.path.endsWith('realtime.events.ts'));
    const sent = new Set(
      [...vocabulary].filter((event) =>
        server.some(({ text }) => new RegExp(`(?:emit|send|room)\\([^;]*'${event.replace('.', '\\.')}'`, 's').test(text)),
      ),
    );
    expect([...vocabulary].filter((e) => !listened.has(e))).toEqual([]);
    expect([...listened].filter((e) => !vocabulary.has(e))).toEqual([]);
    expect([...vocabulary].filter((e) => !sent.has(e))).toEqual([]);
  });
});
