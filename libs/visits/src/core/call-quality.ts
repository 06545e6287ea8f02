/**
 * A video call's connection quality as a word (issue 17, item 6): from one peer connection's statistics
 * over the last interval, the round-trip time of the selected candidate pair and the share of inbound
 * packets lost. Pure, so the web client's sign and its tests share one definition.
 */
export type CallQuality = 'good' | 'fair' | 'poor';

export interface QualitySample {
  /** The selected candidate pair's current round-trip time, seconds; null when not known yet. */
  rttSeconds: number | null;
  /** Inbound RTP packets lost and received in the interval (audio and video together). */
  packetsLost: number;
  packetsReceived: number;
}

/** Beyond these a call is fair, and beyond the second poor: what a conversation tolerates (ITU-T G.114 for delay). */
export const QUALITY_LIMITS = {
  fair: { rttSeconds: 0.25, loss: 0.02 },
  poor: { rttSeconds: 0.5, loss: 0.08 },
} as const;

/** The quality of one interval, or null when the statistics say nothing yet (no pair, no packets). */
export function classifyQuality(sample: QualitySample): CallQuality | null {
  const lost = Math.max(0, sample.packetsLost);
  const total = lost + Math.max(0, sample.packetsReceived);
  const loss = total > 0 ? lost / total : null;
  if (sample.rttSeconds === null && loss === null) return null;
  const rtt = sample.rttSeconds ?? 0;
  const share = loss ?? 0;
  if (rtt > QUALITY_LIMITS.poor.rttSeconds || share > QUALITY_LIMITS.poor.loss) return 'poor';
  if (rtt > QUALITY_LIMITS.fair.rttSeconds || share > QUALITY_LIMITS.fair.loss) return 'fair';
  return 'good';
}

const ORDER: CallQuality[] = ['good', 'fair', 'poor'];

/** The worst of several connections' qualities (the call is as good as its worst link); null when none is known. */
export function worstQuality(qualities: Array<CallQuality | null>): CallQuality | null {
  const known = qualities.filter((q): q is CallQuality => q !== null);
  return known.length ? known.reduce((a, b) => (ORDER.indexOf(b) > ORDER.indexOf(a) ? b : a)) : null;
}
