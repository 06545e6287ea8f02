import type { CallPeer, JoinGrant, MediaState, VideoCall } from './call';

/**
 * A call through LiveKit (issue 17.7: its client is loaded only here, when a LiveKit visit is joined). The
 * SDK reconnects by itself; its reconnecting state and each participant's connection quality are shown.
 */
export async function joinLiveKit(grant: JoinGrant, stream: MediaStream, onChange: () => void): Promise<VideoCall> {
  const { ConnectionQuality, Room, RoomEvent, Track } = await import('livekit-client');
  type Remote = { identity: string; name?: string };
  const room = new Room({ adaptiveStream: true, dynacast: true });
  const peers = new Map<string, CallPeer>();
  const peerOf = (p: Remote): CallPeer => {
    let peer = peers.get(p.identity);
    if (!peer) {
      const role = p.identity.startsWith('interpreter-') ? 'interpreter' : '';
      peer = {
        id: p.identity,
        role,
        name: p.name,
        stream: null,
        media: { audio: true, video: true },
        state: 'connected',
        quality: null,
        framesDecoded: 0,
        iceRestarts: 0,
      };
      peers.set(p.identity, peer);
    }
    return peer;
  };
  const words = {
    [ConnectionQuality.Excellent]: 'good',
    [ConnectionQuality.Good]: 'good',
    [ConnectionQuality.Poor]: 'fair',
    [ConnectionQuality.Lost]: 'poor',
  } as const;
  room
    .on(RoomEvent.ParticipantConnected, (p) => (peerOf(p), onChange()))
    .on(RoomEvent.ParticipantDisconnected, (p) => (peers.delete(p.identity), onChange()))
    .on(RoomEvent.TrackSubscribed, (track, _pub, p) => {
      const peer = peerOf(p);
      peer.stream ??= new MediaStream();
      peer.stream.addTrack(track.mediaStreamTrack);
      if (track.kind === Track.Kind.Video) peer.framesDecoded = Math.max(peer.framesDecoded, 1);
      onChange();
    })
    .on(RoomEvent.TrackUnsubscribed, (track, _pub, p) => {
      peers.get(p.identity)?.stream?.removeTrack(track.mediaStreamTrack);
      onChange();
    })
    .on(RoomEvent.TrackMuted, (pub, p) => {
      if (p.identity === room.localParticipant.identity) return;
      peerOf(p).media[pub.kind === Track.Kind.Audio ? 'audio' : 'video'] = false;
      onChange();
    })
    .on(RoomEvent.TrackUnmuted, (pub, p) => {
      if (p.identity === room.localParticipant.identity) return;
      peerOf(p).media[pub.kind === Track.Kind.Audio ? 'audio' : 'video'] = true;
      onChange();
    })
    .on(RoomEvent.ConnectionQualityChanged, (quality, p) => {
      if (p.identity === room.localParticipant.identity) return;
      peerOf(p).quality = quality in words ? words[quality as keyof typeof words] : null;
      onChange();
    })
    .on(RoomEvent.Reconnecting, () => (peers.forEach((p) => (p.state = 'reconnecting')), onChange()))
    .on(RoomEvent.Reconnected, () => (peers.forEach((p) => (p.state = 'connected')), onChange()));
  await room.connect(grant.url!, grant.token!);
  room.remoteParticipants.forEach((p) => peerOf(p));
  const publications = await Promise.all(stream.getTracks().map((track) => room.localParticipant.publishTrack(track)));
  onChange();
  return {
    peers: () => [...peers.values()],
    setMedia(media: MediaState) {
      for (const pub of publications) void ((pub.kind === Track.Kind.Audio ? media.audio : media.video) ? pub.unmute() : pub.mute());
    },
    async replaceTrack(track: MediaStreamTrack) {
      const pub = publications.find((p) => p.kind === track.kind);
      await pub?.track?.replaceTrack(track);
    },
    leave: () => void room.disconnect(),
  };
}
