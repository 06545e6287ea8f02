import { type RefObject, useEffect, useRef, useState } from 'react';
import { ErrorBox } from '../components/ErrorBox';
import { type Key, useT } from '../i18n';
import type { CallPeer, MediaState, VideoCall } from './call';
import { type Devices, listDevices, openStream, openTrack } from './devices';
import './video.css';

export type Connect = (stream: MediaStream, onChange: () => void) => Promise<VideoCall>;

/**
 * The call on the video page (issue 17, item 6), for the staff and the interpreter alike: camera and
 * microphone check with a choice of devices, join and leave, microphone and camera on or off (shown to
 * the others), each participant's picture with their role, their microphone and camera state, the
 * connection's quality in words and a clear message while nobody else has joined or the call reconnects.
 * `reportTo` gets the call's state for tests and tools: data-pc-state and data-frames-decoded (the least
 * of the participants').
 */
export function CallPanel(props: { connect: Connect; reportTo?: RefObject<HTMLElement | null>; waitingText: Key }) {
  const { connect, reportTo, waitingText } = props;
  const { t } = useT();
  const [stream, setStream] = useState<MediaStream | null>(null);
  const [devices, setDevices] = useState<Devices>({ cameras: [], microphones: [] });
  const [chosen, setChosen] = useState<{ camera?: string; microphone?: string }>({});
  const [media, setMedia] = useState<MediaState>({ audio: true, video: true });
  const [peers, setPeers] = useState<CallPeer[]>([]);
  const [joined, setJoined] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const call = useRef<VideoCall | null>(null);
  const streamRef = useRef<MediaStream | null>(null);
  const localVideo = useRef<HTMLVideoElement>(null);

  useEffect(
    () => () => {
      call.current?.leave();
      streamRef.current?.getTracks().forEach((tr) => tr.stop());
    },
    [],
  );
  useEffect(() => {
    if (localVideo.current) localVideo.current.srcObject = stream;
  }, [stream]);
  useEffect(() => {
    const el = reportTo?.current;
    if (!el) return;
    const all = peers.length > 0 && peers.every((p) => p.state === 'connected');
    el.setAttribute('data-pc-state', !joined ? 'new' : all ? 'connected' : 'connecting');
    el.setAttribute('data-frames-decoded', String(peers.length ? Math.min(...peers.map((p) => p.framesDecoded)) : 0));
  }, [peers, joined, reportTo]);

  const check = async (choice = chosen): Promise<MediaStream | null> => {
    setError(null);
    try {
      const s = await openStream(choice.camera, choice.microphone);
      streamRef.current?.getTracks().forEach((tr) => tr.stop());
      s.getAudioTracks().forEach((tr) => (tr.enabled = media.audio));
      s.getVideoTracks().forEach((tr) => (tr.enabled = media.video));
      streamRef.current = s;
      setStream(s);
      setDevices(await listDevices());
      const settings = (kind: 'audio' | 'video') => (kind === 'audio' ? s.getAudioTracks() : s.getVideoTracks())[0]?.getSettings().deviceId;
      setChosen({ camera: settings('video'), microphone: settings('audio') });
      return s;
    } catch (e) {
      setError(e);
      return null;
    }
  };

  const choose = async (kind: 'audio' | 'video', deviceId: string) => {
    setChosen((c) => (kind === 'video' ? { ...c, camera: deviceId } : { ...c, microphone: deviceId }));
    if (!call.current || !streamRef.current) {
      await check(kind === 'video' ? { ...chosen, camera: deviceId } : { ...chosen, microphone: deviceId });
      return;
    }
    try {
      // In a call the new device's track is swapped into every connection, without renegotiating.
      await call.current.replaceTrack(await openTrack(kind, deviceId));
      setStream(new MediaStream(streamRef.current.getTracks()));
    } catch (e) {
      setError(e);
    }
  };

  const join = async () => {
    setBusy(true);
    setError(null);
    try {
      const s = streamRef.current ?? (await check());
      if (!s) return;
      call.current = await connect(s, () => setPeers([...(call.current?.peers() ?? [])].map((p) => ({ ...p }))));
      call.current.setMedia(media);
      setPeers(call.current.peers().map((p) => ({ ...p })));
      setJoined(true);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  const leave = () => {
    call.current?.leave();
    call.current = null;
    setPeers([]);
    setJoined(false);
  };

  const toggle = (kind: keyof MediaState) => {
    const next = { ...media, [kind]: !media[kind] };
    setMedia(next);
    if (call.current) call.current.setMedia(next);
    else streamRef.current?.getTracks().forEach((tr) => (tr.enabled = tr.kind === 'audio' ? next.audio : next.video));
  };

  const reconnecting = peers.some((p) => p.state === 'reconnecting');
  return (
    <div className="call" data-testid="call">
      {joined && (
        <p aria-live="polite" className="call-status" data-testid="call-status">
          {peers.length === 0
            ? t(waitingText)
            : reconnecting
              ? t('videoReconnecting')
              : peers.every((p) => p.state === 'connected')
                ? t('connected')
                : t('videoConnecting')}
        </p>
      )}
      <div className="call-tiles">
        {peers.map((p) => (
          <RemoteTile key={p.id} peer={p} />
        ))}
      </div>
      <h3>{t('cameraCheck')}</h3>
      <figure className="call-self">
        <video ref={localVideo} autoPlay playsInline muted aria-label={t('videoYou')} />
        <figcaption>
          {t('videoYou')}
          {!media.audio && <span className="call-flag"> · {t('videoMicIsOff')}</span>}
          {!media.video && <span className="call-flag"> · {t('videoCamIsOff')}</span>}
        </figcaption>
      </figure>
      {stream && (
        <div className="call-devices">
          <DeviceSelect
            label={t('videoCamera')}
            devices={devices.cameras}
            value={chosen.camera}
            onChoose={(id) => void choose('video', id)}
          />
          <DeviceSelect
            label={t('videoMicrophone')}
            devices={devices.microphones}
            value={chosen.microphone}
            onChoose={(id) => void choose('audio', id)}
          />
        </div>
      )}
      <div className="row">
        {!stream && (
          <button className="secondary" onClick={() => void check()}>
            {t('cameraCheck')}
          </button>
        )}
        <button className="secondary" aria-pressed={!media.audio} onClick={() => toggle('audio')} data-testid="toggle-mic">
          {media.audio ? t('videoMute') : t('videoUnmute')}
        </button>
        <button className="secondary" aria-pressed={!media.video} onClick={() => toggle('video')} data-testid="toggle-camera">
          {media.video ? t('videoCameraOff') : t('videoCameraOn')}
        </button>
        {!joined ? (
          <button className="primary" onClick={() => void join()} disabled={busy} data-testid="join">
            {t('join')}
          </button>
        ) : (
          <button className="secondary" onClick={leave} data-testid="leave">
            {t('leave')}
          </button>
        )}
      </div>
      <ErrorBox error={error} />
    </div>
  );
}

function DeviceSelect(props: { label: string; devices: MediaDeviceInfo[]; value?: string; onChoose: (deviceId: string) => void }) {
  return (
    <label>
      {props.label}{' '}
      <select value={props.value ?? ''} onChange={(e) => props.onChoose(e.target.value)}>
        {props.devices.map((d, i) => (
          <option key={d.deviceId || i} value={d.deviceId}>
            {d.label || `${props.label} ${i + 1}`}
          </option>
        ))}
      </select>
    </label>
  );
}

const BARS = { good: '●●●', fair: '●●○', poor: '●○○' } as const;

function RemoteTile({ peer }: { peer: CallPeer }) {
  const { t } = useT();
  const video = useRef<HTMLVideoElement>(null);
  useEffect(() => {
    if (video.current && video.current.srcObject !== peer.stream) video.current.srcObject = peer.stream;
  }, [peer.stream]);
  const known = ['nurse', 'specialist', 'interpreter'].includes(peer.role);
  const role = known ? t(`videoRole_${peer.role}` as Key) : (peer.name ?? t('videoRole_other'));
  return (
    <figure
      className="call-tile"
      data-testid="remote-peer"
      data-peer-role={peer.role}
      data-state={peer.state}
      data-frames-decoded={peer.framesDecoded}
      data-media-audio={String(peer.media.audio)}
      data-media-video={String(peer.media.video)}
      data-ice-restarts={peer.iceRestarts}
    >
      <video ref={video} autoPlay playsInline aria-label={role} />
      {!peer.media.video && <div className="call-camera-off">{t('videoCamIsOff')}</div>}
      <figcaption>
        <strong>{role}</strong>
        {!peer.media.audio && <span className="call-flag"> · {t('videoMicIsOff')}</span>}
        {peer.state !== 'connected' && <span> · {t(peer.state === 'reconnecting' ? 'videoReconnecting' : 'videoConnecting')}</span>}
        <span className={`call-quality ${peer.quality ?? 'unknown'}`} data-testid="call-quality">
          {' · '}
          {t('videoQuality')}: <span aria-hidden="true">{peer.quality ? BARS[peer.quality] : '○○○'} </span>
          {peer.quality ? t(`videoQuality_${peer.quality}` as Key) : t('videoQualityUnknown')}
        </span>
      </figcaption>
    </figure>
  );
}
