import { useEffect, useRef, useState } from 'react';
import { api, PathwayDefinition, User } from '../api';
import { ErrorBox } from '../components/ErrorBox';
import { InterpreterBadge } from '../components/InterpreterBadge';
import { InterpreterBooking } from '../components/InterpreterBooking';
import { OutcomeForm } from '../components/OutcomeForm';
import { LoadError } from '../components/useLoad';
import { formatDateTime, Key, useT } from '../i18n';
import { realtime } from '../realtime';

interface VisitDetail {
  id: string;
  status: string;
  start: string;
  patient: { name: string; personnummer: string; interpreterLanguage?: string | null };
  healthCentre: { name: string };
  specialist: { displayName: string };
  triage: { pathwayKey: string; pathwayVersion: number; category: string; score: number; answers: Record<string, unknown>; reasons: Array<{ ruleId: string; text: { sv: string; en: string } }> };
  outcome: { summary: string } | null;
}

interface JoinGrant {
  mode: 'livekit' | 'p2p';
  room: string;
  url?: string;
  token?: string;
  iceServers?: RTCIceServer[];
}

/**
 * The video visit: camera check, then LiveKit when the api says so, otherwise browser-to-browser
 * WebRTC signalled over the api's socket. The triage answers sit beside the video.
 */
export function VisitPage({ visitId, user }: { visitId: string; user: User }) {
  const { t, pick, lang } = useT();
  const [visit, setVisit] = useState<VisitDetail | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [checking, setChecking] = useState(false);
  const [joined, setJoined] = useState(false);
  const [state, setState] = useState('new');
  const localVideo = useRef<HTMLVideoElement>(null);
  const remoteVideo = useRef<HTMLVideoElement>(null);
  const stream = useRef<MediaStream | null>(null);
  const cleanup = useRef<Array<() => void>>([]);
  const rootRef = useRef<HTMLDivElement>(null);

  const [definition, setDefinition] = useState<PathwayDefinition | null>(null);
  const load = () =>
    void api<VisitDetail>('GET', `/visits/${visitId}`)
      .then((v) => {
        setVisit(v);
        // The version that triaged the case gives the labels, in the form's own order.
        return api<PathwayDefinition>('GET', `/pathways/${v.triage.pathwayKey}/versions/${v.triage.pathwayVersion}`).then(setDefinition);
      })
      .catch(setError);
  useEffect(() => {
    load();
    const socket = realtime();
    const on = (e: { visitId: string }) => e.visitId === visitId && load();
    socket.on('visit.updated', on);
    return () => {
      socket.off('visit.updated', on);
      cleanup.current.forEach((f) => f());
      stream.current?.getTracks().forEach((tr) => tr.stop());
    };
  }, [visitId]);

  const check = async () => {
    setError(null);
    try {
      stream.current = await navigator.mediaDevices.getUserMedia({ video: true, audio: true });
      if (localVideo.current) localVideo.current.srcObject = stream.current;
      setChecking(true);
    } catch (e) {
      setError(e);
    }
  };

  const join = async () => {
    setError(null);
    try {
      if (!stream.current) await check();
      const grant = await api<JoinGrant>('POST', `/visits/${visitId}/join`);
      if (grant.mode === 'livekit') await joinLiveKit(grant);
      else await joinPeerToPeer(grant);
      setJoined(true);
    } catch (e) {
      setError(e);
    }
  };

  const joinLiveKit = async (grant: JoinGrant) => {
    // LiveKit's client is most of the front end's weight: loaded only when a LiveKit visit is joined (#17.7).
    const { Room, RoomEvent, Track } = await import('livekit-client');
    const room = new Room();
    room.on(RoomEvent.TrackSubscribed, (track) => {
      if (track.kind === Track.Kind.Video && remoteVideo.current) track.attach(remoteVideo.current);
      setState('connected');
    });
    await room.connect(grant.url!, grant.token!);
    for (const track of stream.current!.getTracks()) await room.localParticipant.publishTrack(track);
    cleanup.current.push(() => void room.disconnect());
  };

  const joinPeerToPeer = async (grant: JoinGrant) => {
    const socket = realtime();
    const pc = new RTCPeerConnection({ iceServers: grant.iceServers ?? [] });
    const pending: RTCIceCandidateInit[] = [];
    stream.current!.getTracks().forEach((track) => pc.addTrack(track, stream.current!));
    pc.ontrack = (e) => {
      if (remoteVideo.current && e.streams[0]) remoteVideo.current.srcObject = e.streams[0];
    };
    pc.onicecandidate = (e) => {
      if (e.candidate) socket.emit('visit.signal', { visitId, candidate: e.candidate.toJSON() });
    };
    pc.onconnectionstatechange = () => {
      setState(pc.connectionState);
      rootRef.current?.setAttribute('data-pc-state', pc.connectionState);
    };
    const onSignal = async (m: { visitId: string; description?: RTCSessionDescriptionInit; candidate?: RTCIceCandidateInit }) => {
      if (m.visitId !== visitId) return;
      if (m.description) {
        await pc.setRemoteDescription(m.description);
        for (const c of pending.splice(0)) await pc.addIceCandidate(c);
        if (m.description.type === 'offer') {
          await pc.setLocalDescription(await pc.createAnswer());
          socket.emit('visit.signal', { visitId, description: pc.localDescription });
        }
      } else if (m.candidate) {
        if (pc.remoteDescription) await pc.addIceCandidate(m.candidate);
        else pending.push(m.candidate);
      }
    };
    socket.on('visit.signal', onSignal);
    // Remote frames decoded, read from the receiver's statistics: the proof that video arrives.
    const stats = setInterval(async () => {
      const report = await pc.getStats();
      let frames = 0;
      report.forEach((s) => {
        if (s.type === 'inbound-rtp' && s.kind === 'video') frames += s.framesDecoded ?? 0;
      });
      rootRef.current?.setAttribute('data-frames-decoded', String(frames));
    }, 500);
    cleanup.current.push(() => {
      clearInterval(stats);
      socket.off('visit.signal', onSignal);
      socket.emit('visit.signal.leave', { visitId });
      pc.close();
    });
    // The HTTP join above took this user's seat; the socket attaches to it (refusals carry the HTTP status).
    const ack = await socket.emitWithAck('visit.signal.join', { visitId });
    if (!ack.ok) throw new Error(ack.error);
    // A reconnected socket is a new one: attach it to the seat again, or a colleague could take the seat over.
    const reattach = () => void socket.emitWithAck('visit.signal.join', { visitId });
    socket.on('connect', reattach);
    cleanup.current.push(() => socket.off('connect', reattach));
    if (ack.initiator) {
      await pc.setLocalDescription(await pc.createOffer());
      socket.emit('visit.signal', { visitId, description: pc.localDescription });
    }
  };

  const leave = () => {
    cleanup.current.forEach((f) => f());
    cleanup.current = [];
    setJoined(false);
    setState('closed');
  };

  if (!visit) {
    return error ? (
      <LoadError what="loadFailed_visit" error={error as Error} onRetry={load} />
    ) : (
      <p className="muted" role="status">
        {t('loading')}
      </p>
    );
  }
  return (
    <div ref={rootRef} data-testid="visit" data-pc-state="new" data-frames-decoded="0">
      <p>
        <a href="#/">←</a> {visit.patient.name} <InterpreterBadge language={visit.patient.interpreterLanguage} /> · {visit.healthCentre.name} · {formatDateTime(visit.start, lang)} · <strong>{t(`visit_${visit.status}` as Key)}</strong>
      </p>
      <InterpreterBooking visitId={visitId} language={visit.patient.interpreterLanguage} />
      <div className="video">
        <section className="card">
          <video ref={remoteVideo} autoPlay playsInline aria-label="Video" data-testid="remote-video" />
          <p aria-live="polite">{joined ? (state === 'connected' ? t('connected') : t('waitingForOther')) : ''}</p>
          <h3>{t('cameraCheck')}</h3>
          <video ref={localVideo} autoPlay playsInline muted style={{ maxWidth: 240 }} aria-label={t('cameraCheck')} />
          <div className="row">
            {!checking && (
              <button className="secondary" onClick={check}>
                {t('cameraCheck')}
              </button>
            )}
            {!joined ? (
              <button className="primary" onClick={join} data-testid="join">
                {t('join')}
              </button>
            ) : (
              <button className="secondary" onClick={leave}>
                {t('leave')}
              </button>
            )}
          </div>
          <ErrorBox error={error} />
        </section>
        <aside className="card">
          <h3>{t('triageAnswers')}</h3>
          <p>
            <span className={`badge ${visit.triage.category}`}>{pick(definition?.categories.find((c) => c.key === visit.triage.category)?.label) || visit.triage.category}</span> ·{' '}
            {t('score')} {visit.triage.score}
          </p>
          <ul className="reasons">
            {visit.triage.reasons.map((r) => (
              <li key={r.ruleId}>{pick(r.text)}</li>
            ))}
          </ul>
          <dl className="answers">
            {(definition?.questions ?? []).filter((q) => q.id in visit.triage.answers).map((q) => (
              <FragmentRow key={q.id} k={pick(q.label)} v={visit.triage.answers[q.id]} />
            ))}
          </dl>
        </aside>
      </div>
      {user.role === 'specialist' && <OutcomeForm visitId={visitId} done={!!visit.outcome || visit.status === 'completed'} onDone={load} />}
    </div>
  );
}

function FragmentRow({ k, v }: { k: string; v: unknown }) {
  const { t } = useT();
  return (
    <>
      <dt>{k}</dt>
      <dd>{typeof v === 'boolean' ? (v ? t('yes') : t('no')) : String(v)}</dd>
    </>
  );
}
