import { backoffSeconds } from './login-backoff';
import { passwordProblems } from './password-policy';

describe('#15.10: login back-off', () => {
  const policy = { freeFailures: 5, baseSeconds: 30, maxSeconds: 900 };
  it('#15.10: lets the free failures pass, then doubles the wait per failure up to the maximum, counting the time already waited', () => {
    expect([0, 4].map((f) => backoffSeconds(f, 0, policy))).toEqual([0, 0]);
    expect([5, 6, 7, 8, 9, 10, 50].map((f) => backoffSeconds(f, 0, policy))).toEqual([30, 60, 120, 240, 480, 900, 900]);
    expect(backoffSeconds(6, 59.2, policy)).toBe(1);
    expect(backoffSeconds(6, 60, policy)).toBe(0);
    expect(backoffSeconds(1e9, 0, policy)).toBe(900);
  });
});

describe('#15.10: password policy', () => {
  const codes = (p: string, u?: string) => passwordProblems(p, u).map((x) => x.code);
  it('#15.10: refuses short, one-character, sequences (either way, keyboard rows), patterns, the username and common passwords', () => {
    expect(codes('brief')).toEqual(['too_short']);
    expect(codes('zzzzzzzzzzzz')).toEqual(['one_character']);
    expect(codes('lkjihgfedcba')).toEqual(['sequence']);
    expect(codes('0987654321098')).toEqual(['sequence']);
    expect(codes('asdfghjklöä')).toContain('sequence');
    expect(codes('1q2w1q2w1q2w')).toEqual(['repeated_pattern']);
    expect(codes('anna.berg-2026-vinter', 'anna.berg')).toEqual(['contains_username']);
    expect(codes('iloveyou1234')).toEqual(['common']);
    expect(codes('!!Lösenord2025')).toEqual(['common']);
    expect(codes('correct horse battery staple')).toEqual([]);
    expect(codes('Tre glada björnar i skogen', 'anna.berg')).toEqual([]);
  });

  it('#15.10: gives every problem in Swedish and English', () => {
    for (const p of passwordProblems('aaa', 'aaa')) {
      expect(p.sv.length).toBeGreaterThan(5);
      expect(p.en.length).toBeGreaterThan(5);
    }
  });
});
