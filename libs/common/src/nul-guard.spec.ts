import { bodyProblem, hasVisibleCharacter, MAX_BODY_DEPTH, personNameSchema } from './nul-guard';

describe('bodyProblem', () => {
  it('finds a NUL in a nested string or key, with its field path', () => {
    expect(bodyProblem({ a: [{ b: 'x\u0000' }] })).toEqual({ field: 'a.0.b', reason: 'must not contain the NUL character (U+0000)' });
    expect(bodyProblem({ ['k\u0000']: 1 })?.field).toBe('k\u0000');
    expect(bodyProblem({ a: ['fine', { b: 'also fine' }] })).toBeNull();
  });

  it('finds a lone surrogate (jsonb refuses its escape; the fuzz found 500s from audit details) and keeps real pairs', () => {
    expect(bodyProblem({ name: 'a\ud800b' })?.field).toBe('name');
    expect(bodyProblem({ title: { sv: 'x\udc00' } })?.field).toBe('title.sv');
    expect(bodyProblem({ ['k\ud83d']: 1 })?.field).toBe('k\ud83d');
    expect(bodyProblem({ name: 'Åsa 🙂 Öberg' })).toBeNull();
  });

  it('refuses nesting deeper than the limit without recursing (no stack overflow on 100 000 levels)', () => {
    const deep = JSON.parse('['.repeat(100_000) + ']'.repeat(100_000));
    expect(bodyProblem(deep)?.reason).toBe(`nested deeper than ${MAX_BODY_DEPTH} levels`);
    let ok: unknown = 'leaf';
    for (let i = 0; i < MAX_BODY_DEPTH; i++) ok = [ok];
    expect(bodyProblem(ok)).toBeNull();
  });
});

describe('#15.16: person names need a visible character', () => {
  it('#15.16: refuses names of only zero-width, blank or combining characters and keeps real ones', () => {
    for (const invisible of ['\u200B', '\u200B\u200C\u200D\u2060\uFEFF', ' \u00AD ', '\u3164', '\u2800\u2800', '\u0301', '\u202E\u200E']) {
      expect(hasVisibleCharacter(invisible)).toBe(false);
      expect(personNameSchema().safeParse(invisible).success).toBe(false);
    }
    for (const name of ['Åsa Öberg', 'Zoë', 'Ann\u200B-Sofie', '李', 'Ø']) {
      expect(hasVisibleCharacter(name)).toBe(true);
      expect(personNameSchema().parse(` ${name} `)).toBe(name);
    }
  });
});
