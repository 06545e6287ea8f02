import { classifyQuality } from '@libs/visits/src/core/call-quality';
import type { CallPeer } from './call';

/** The counters of the previous sample, to grade the last interval rather than the whole call. */
export interface StatsMemory {
  lost?: number;
  received?: number;
}

/**
 * Reads one peer connection's statistics into its participant: the video frames decoded, and the
 * connection's quality (round-trip time of the selected candidate pair, inbound packets lost).
 */
export async function sampleLink(pc: RTCPeerConnection, peer: CallPeer, memory: StatsMemory): Promise<void> {
  if (pc.connectionState === 'closed') return;
  const report = await pc.getStats();
  let frames = 0;
  let lost = 0;
  let received = 0;
  let rtt: number | null = null;
  let selectedPair: string | undefined;
  report.forEach((s) => {
    if (s.type === 'transport' && s.selectedCandidatePairId) selectedPair = s.selectedCandidatePairId as string;
  });
  report.forEach((s) => {
    if (s.type === 'inbound-rtp') {
      if (s.kind === 'video') frames += s.framesDecoded ?? 0;
      lost += s.packetsLost ?? 0;
      received += s.packetsReceived ?? 0;
    }
    const selected = selectedPair ? s.id === selectedPair : s.type === 'candidate-pair' && s.nominated && s.state === 'succeeded';
    if (s.type === 'candidate-pair' && selected && typeof s.currentRoundTripTime === 'number') rtt = s.currentRoundTripTime as number;
  });
  peer.framesDecoded = frames;
  const quality =
    pc.connectionState === 'connected'
      ? classifyQuality({ rttSeconds: rtt, packetsLost: lost - (memory.lost ?? 0), packetsReceived: received - (memory.received ?? 0) })
      : null;
  memory.lost = lost;
  memory.received = received;
  peer.quality = quality ?? (pc.connectionState === 'connected' ? peer.quality : null);
}
