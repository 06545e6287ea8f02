import { errorForLog, maskNumbers, requestForLog, safeUrl } from './log-privacy';

describe('#15.5: log-privacy serializers', () => {
  it('#15.5: drops query strings and masks path segments that may be personal data, keeping route words and ids', () => {
    expect(safeUrl('/api/v1/patients?personnummer=19121212-1212')).toBe('/api/v1/patients');
    expect(safeUrl('/api/v1/patients/19121212-1212')).toBe('/api/v1/patients/[redacted]');
    expect(safeUrl('/api/v1/x/Anna%20Berg/0701234567')).toBe('/api/v1/x/[redacted]/[redacted]');
    expect(safeUrl('/api/v1/patients/6f1c2a5e-8b1d-4c3e-9a7f-000000000000/cases')).toBe(
      '/api/v1/patients/6f1c2a5e-8b1d-4c3e-9a7f-000000000000/cases',
    );
    expect(safeUrl('/api/v1/pathways/joint-complaints/versions/2')).toBe('/api/v1/pathways/joint-complaints/versions/2');
  });

  it('#15.5: keeps only harmless headers, masked; never authorization, cookies or referers', () => {
    const out = requestForLog({
      id: 'r1',
      method: 'GET',
      url: '/a?b=c',
      headers: {
        authorization: 'Bearer x',
        cookie: 'c',
        referer: 'http://x/?pnr=191212121212',
        'user-agent': 'app 191212121212',
        'content-type': 'application/json',
      },
    });
    expect(out).toEqual({
      id: 'r1',
      method: 'GET',
      url: '/a',
      headers: { 'user-agent': 'app [redacted]', 'content-type': 'application/json' },
      remoteAddress: undefined,
    });
  });

  it('#15.5: logs a database error by code and statement, without its message, detail or parameters', () => {
    const err = {
      type: 'QueryFailedError',
      message: 'duplicate key: Anna Berg',
      stack: 'QueryFailedError: duplicate key: Anna Berg\n    at f (x.ts:1:1)',
      query: 'INSERT INTO patient VALUES ($1, $2)',
      parameters: ['191212121212', 'Anna Berg'],
      driverError: {
        code: '23505',
        constraint: 'patient_personnummer_per_region',
        detail: 'Key (personnummer)=(191212121212)',
        table: 'patient',
      },
    };
    const out = errorForLog(err);
    expect(out).toEqual({
      type: 'QueryFailedError',
      message: 'database error 23505',
      code: '23505',
      constraint: 'patient_personnummer_per_region',
      table: 'patient',
      query: 'INSERT INTO patient VALUES ($1, $2)',
      stack: '    at f (x.ts:1:1)',
    });
    expect(
      JSON.stringify(errorForLog({ type: 'Error', message: 'no phone 070-123 45 67', stack: 'Error: no phone 070-123 45 67' })),
    ).not.toMatch(/123/);
    expect(maskNumbers('call +46 70 987 65 43 now')).toBe('call [redacted] now');
  });
});
