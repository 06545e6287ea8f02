import { classifyQuality, worstQuality } from './call-quality';

describe('the connection-quality sign (issue 17, item 6)', () => {
  it('says nothing before the statistics do', () => {
    expect(classifyQuality({ rttSeconds: null, packetsLost: 0, packetsReceived: 0 })).toBeNull();
  });

  it('grades by round-trip time', () => {
    expect(classifyQuality({ rttSeconds: 0.02, packetsLost: 0, packetsReceived: 0 })).toBe('good');
    expect(classifyQuality({ rttSeconds: 0.25, packetsLost: 0, packetsReceived: 500 })).toBe('good');
    expect(classifyQuality({ rttSeconds: 0.3, packetsLost: 0, packetsReceived: 500 })).toBe('fair');
    expect(classifyQuality({ rttSeconds: 0.8, packetsLost: 0, packetsReceived: 500 })).toBe('poor');
  });

  it('grades by the share of packets lost, without a round-trip time too', () => {
    expect(classifyQuality({ rttSeconds: null, packetsLost: 1, packetsReceived: 999 })).toBe('good');
    expect(classifyQuality({ rttSeconds: 0.01, packetsLost: 5, packetsReceived: 95 })).toBe('fair');
    expect(classifyQuality({ rttSeconds: 0.01, packetsLost: 20, packetsReceived: 80 })).toBe('poor');
    // A counter that went backwards (a restarted stream) is no loss.
    expect(classifyQuality({ rttSeconds: 0.01, packetsLost: -3, packetsReceived: 100 })).toBe('good');
  });

  it('a call is as good as its worst connection', () => {
    expect(worstQuality([])).toBeNull();
    expect(worstQuality([null, 'good'])).toBe('good');
    expect(worstQuality(['good', 'poor', 'fair'])).toBe('poor');
    expect(worstQuality(['fair', 'good'])).toBe('fair');
  });
});
