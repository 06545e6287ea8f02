import type { Socket } from 'socket.io-client';
import { sampleLink, type StatsMemory } from './quality';
import type { CallPeer, MediaState, PeerState, VideoCall } from './call';

interface SignalMessage {
  visitId: string;
  from: string;
  to?: string;
  description?: RTCSessionDescriptionInit;
  candidate?: RTCIceCandidateInit;
  media?: MediaState;
}

interface JoinAck {
  ok: boolean;
  error?: string;
  self: string;
  peers: string[];
  roles: Record<string, string>;
}

/** One pair of the mesh: its own peer connection, negotiated the "perfect negotiation" way (polite yields). */
interface Link {
  peer: CallPeer;
  pc: RTCPeerConnection;
  polite: boolean;
  makingOffer: boolean;
  ignoreOffer: boolean;
  tracksAdded: boolean;
  restartTimer?: ReturnType<typeof setTimeout>;
  stats: StatsMemory;
}

/** After this long `disconnected`, the ICE connection is restarted (at once when `failed`). */
const RESTART_AFTER_MS = 2000;

/**
 * The embedded mode's call (issues 22 and 17.6): a mesh of the visit's seats, each pair its own
 * RTCPeerConnection, signalled over the api's socket with every message addressed to one peer. The
 * newcomer calls the peers already there; any later renegotiation (an ICE restart on `disconnected` or
 * `failed`) may start on either side, and a crossing of offers is settled by the polite peer giving way.
 */
export class MeshCall implements VideoCall {
  private readonly links = new Map<string, Link>();
  private readonly roles = new Map<string, string>();
  private readonly mediaOf = new Map<string, MediaState>();
  private self = '';
  private media: MediaState = { audio: true, video: true };
  private chain: Promise<void> = Promise.resolve();
  private timer: ReturnType<typeof setInterval> | undefined;
  private listeners: Array<() => void> = [];
  private closed = false;

  constructor(
    private readonly socket: Socket,
    private readonly visitId: string,
    private readonly iceServers: RTCIceServer[],
    private stream: MediaStream,
    private readonly onChange: () => void,
  ) {}

  async join(): Promise<void> {
    const on = <T>(event: string, handler: (m: T) => void) => {
      this.socket.on(event, handler);
      this.listeners.push(() => this.socket.off(event, handler));
    };
    on<SignalMessage>('visit.signal', (m) => {
      if (m.visitId !== this.visitId || (m.to && m.to !== this.self)) return;
      // One message at a time: a candidate must not overtake the offer it belongs to.
      this.chain = this.chain.then(() => this.handle(m)).catch((e: unknown) => console.warn('signalling message failed', e));
    });
    on<{ visitId: string; userId: string; role: string }>('visit.peer-joined', (e) => {
      if (e.visitId !== this.visitId) return;
      this.roles.set(e.userId, e.role);
      // A peer that comes again (a reload, a new socket) calls anew: the old connection is over.
      this.drop(e.userId);
      this.onChange();
    });
    on<{ visitId: string; userId: string }>('visit.peer-left', (e) => {
      if (e.visitId !== this.visitId) return;
      this.drop(e.userId);
      this.onChange();
    });
    try {
      await this.attach();
    } catch (e) {
      // Refused (e.g. the visit is over): nothing of the call stays behind.
      this.listeners.forEach((off) => off());
      this.listeners = [];
      throw e;
    }
    // A reconnected socket is a new one: attach it to the seat again and call the peers anew.
    on('connect', () => void this.attach().catch((e: unknown) => console.warn('rejoining the call failed', e)));
    this.timer = setInterval(() => void this.sample(), 1000);
  }

  private async attach(): Promise<void> {
    const ack = (await this.socket.emitWithAck('visit.signal.join', { visitId: this.visitId })) as JoinAck;
    if (!ack.ok) throw new Error(ack.error);
    this.self = ack.self;
    for (const id of [...this.links.keys()]) this.drop(id);
    for (const id of ack.peers) {
      this.roles.set(id, ack.roles[id] ?? '');
      this.link(id, true);
    }
    this.onChange();
  }

  private send(to: string, body: Omit<SignalMessage, 'visitId' | 'from' | 'to'>): void {
    this.socket.emit('visit.signal', { visitId: this.visitId, to, ...body });
  }

  /**
   * A peer connection to `id`. The calling side adds its tracks at once, which starts the offer; the
   * answering side adds them to the offer's transceivers with its answer, so no second offer follows.
   */
  private link(id: string, calling: boolean): Link {
    const pc = new RTCPeerConnection({ iceServers: this.iceServers });
    const peer: CallPeer = {
      id,
      role: this.roles.get(id) ?? '',
      stream: null,
      media: this.mediaOf.get(id) ?? { audio: true, video: true },
      state: 'connecting',
      quality: null,
      framesDecoded: 0,
      iceRestarts: 0,
    };
    const link: Link = { peer, pc, polite: this.self < id, makingOffer: false, ignoreOffer: false, tracksAdded: false, stats: {} };
    this.links.set(id, link);
    pc.onnegotiationneeded = async () => {
      try {
        link.makingOffer = true;
        await pc.setLocalDescription();
        this.send(id, { description: pc.localDescription!.toJSON() });
      } catch (e) {
        console.warn('offer failed', e);
      } finally {
        link.makingOffer = false;
      }
    };
    pc.onicecandidate = (e) => {
      if (e.candidate) this.send(id, { candidate: e.candidate.toJSON() });
    };
    pc.ontrack = (e) => {
      peer.stream = e.streams[0] ?? new MediaStream([e.track]);
      this.onChange();
    };
    pc.onconnectionstatechange = () => this.stateChanged(link);
    if (calling) this.addTracks(link);
    this.send(id, { media: this.media });
    return link;
  }

  private addTracks(link: Link): void {
    if (link.tracksAdded) return;
    link.tracksAdded = true;
    for (const track of this.stream.getTracks()) link.pc.addTrack(track, this.stream);
  }

  private async handle(m: SignalMessage): Promise<void> {
    if (this.closed) return;
    if (m.media) {
      this.mediaOf.set(m.from, m.media);
      const known = this.links.get(m.from);
      if (known) known.peer.media = m.media;
      this.onChange();
    }
    let link = this.links.get(m.from);
    if (m.description) {
      if (!link) {
        if (m.description.type !== 'offer') return;
        link = this.link(m.from, false);
      }
      const pc = link.pc;
      const collision = m.description.type === 'offer' && (link.makingOffer || pc.signalingState !== 'stable');
      link.ignoreOffer = !link.polite && collision;
      if (link.ignoreOffer) return;
      await pc.setRemoteDescription(m.description);
      if (m.description.type === 'offer') {
        this.addTracks(link);
        await pc.setLocalDescription();
        this.send(m.from, { description: pc.localDescription!.toJSON() });
      }
    } else if (m.candidate && link) {
      try {
        await link.pc.addIceCandidate(m.candidate);
      } catch (e) {
        if (!link.ignoreOffer) throw e;
      }
    }
  }

  private stateChanged(link: Link): void {
    const { pc, peer } = link;
    const state = pc.connectionState;
    clearTimeout(link.restartTimer);
    const lost = state === 'failed' || state === 'disconnected';
    const next: PeerState = state === 'connected' ? 'connected' : lost ? 'reconnecting' : peer.state;
    if (state === 'failed') this.restart(link);
    else if (state === 'disconnected') link.restartTimer = setTimeout(() => this.restart(link), RESTART_AFTER_MS);
    if (next !== peer.state) {
      peer.state = next;
      this.onChange();
    }
  }

  /** An ICE restart: new credentials and candidates over the same connection, negotiated like any offer. */
  private restart(link: Link): void {
    if (this.closed || this.links.get(link.peer.id) !== link) return;
    if (link.pc.connectionState === 'connected') return;
    link.peer.iceRestarts++;
    link.pc.restartIce();
    this.onChange();
  }

  private drop(id: string): void {
    const link = this.links.get(id);
    if (!link) return;
    clearTimeout(link.restartTimer);
    link.pc.close();
    this.links.delete(id);
  }

  private async sample(): Promise<void> {
    let changed = false;
    for (const link of this.links.values()) {
      // An ICE restart of a connection that had not really gone ends with no state change to hear of.
      if (link.pc.connectionState === 'connected' && link.peer.state !== 'connected') {
        link.peer.state = 'connected';
        changed = true;
      }
      const before = `${link.peer.quality}/${link.peer.framesDecoded}`;
      await sampleLink(link.pc, link.peer, link.stats);
      changed ||= before !== `${link.peer.quality}/${link.peer.framesDecoded}`;
    }
    if (changed) this.onChange();
  }

  peers(): CallPeer[] {
    return [...this.roles.keys()].filter((id) => this.links.has(id)).map((id) => this.links.get(id)!.peer);
  }

  setMedia(media: MediaState): void {
    this.media = media;
    for (const track of this.stream.getAudioTracks()) track.enabled = media.audio;
    for (const track of this.stream.getVideoTracks()) track.enabled = media.video;
    for (const id of this.links.keys()) this.send(id, { media });
  }

  async replaceTrack(track: MediaStreamTrack): Promise<void> {
    const old = track.kind === 'audio' ? this.stream.getAudioTracks() : this.stream.getVideoTracks();
    track.enabled = track.kind === 'audio' ? this.media.audio : this.media.video;
    for (const link of this.links.values()) {
      const sender = link.pc.getSenders().find((s) => s.track?.kind === track.kind);
      if (sender) await sender.replaceTrack(track);
    }
    for (const t of old) {
      this.stream.removeTrack(t);
      t.stop();
    }
    this.stream.addTrack(track);
  }

  leave(): void {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.timer);
    this.listeners.forEach((off) => off());
    for (const id of [...this.links.keys()]) this.drop(id);
    this.socket.emit('visit.signal.leave', { visitId: this.visitId });
  }
}
