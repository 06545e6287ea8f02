import { wellFormedJson } from './audit-row';

describe('wellFormedJson', () => {
  it('writes lone surrogates as U+FFFD (jsonb refuses their escapes: a 500 the fuzz found) and keeps pairs', () => {
    expect(wellFormedJson({ name: 'a\ud800b', tail: '\udc00', pair: '🙂', nested: [{ x: 'x\ud83d' }] })).toBe(
      JSON.stringify({ name: 'a\ufffdb', tail: '\ufffd', pair: '🙂', nested: [{ x: 'x\ufffd' }] }),
    );
  });
});
