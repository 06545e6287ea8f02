import 'reflect-metadata';
import { Controller, Get, Logger, Module } from '@nestjs/common';
import { APP_FILTER, APP_INTERCEPTOR } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { Test } from '@nestjs/testing';
import { createZodDto, ZodResponse, ZodSerializerInterceptor } from 'nestjs-zod';
import { z } from 'zod';
import { ApiExceptionFilter, timestamp } from '@app/common';
import { loadConfig } from '@app/config';
import { AppModule } from './app.module';

const Person = z.object({ id: z.string(), seenAt: timestamp, visits: z.array(z.object({ room: z.string() })) }).meta({ id: 'SpecPerson' });
class PersonResponse extends createZodDto(Person) {}

const PERSONNUMMER = '191212121212';
let answer: unknown;

@Controller()
class SpecController {
  @Get('person')
  @ZodResponse({ type: PersonResponse })
  person(): PersonResponse {
    return answer as PersonResponse;
  }
}

@Module({
  controllers: [SpecController],
  providers: [
    { provide: APP_INTERCEPTOR, useClass: ZodSerializerInterceptor },
    { provide: APP_FILTER, useClass: ApiExceptionFilter },
  ],
})
class SpecModule {}

describe('issue 16 #5: the response serializer', () => {
  let app: NestFastifyApplication;

  beforeAll(async () => {
    const moduleRef = await Test.createTestingModule({ imports: [SpecModule] }).compile();
    app = moduleRef.createNestApplication<NestFastifyApplication>(new FastifyAdapter(), { logger: false });
    await app.init();
    await app.getHttpAdapter().getInstance().ready();
  });
  afterAll(() => app.close());
  afterEach(() => jest.restoreAllMocks());

  it('is registered for the whole api', () => {
    const providers = AppModule.forRoot({ config: loadConfig({}), databaseUrl: 'postgres://unused' }).providers ?? [];
    expect(providers).toContainEqual({ provide: APP_INTERCEPTOR, useClass: ZodSerializerInterceptor });
  });

  it('sends what the schema declares: unknown keys stripped, dates as ISO text', async () => {
    answer = {
      id: 'p1',
      seenAt: new Date('2026-01-02T03:04:05Z'),
      visits: [{ room: 'A', secret: PERSONNUMMER }],
      personnummer: PERSONNUMMER,
    };
    const res = await app.inject({ method: 'GET', url: '/person' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ id: 'p1', seenAt: '2026-01-02T03:04:05.000Z', visits: [{ room: 'A' }] });
  });

  it("answers a mismatch as the api's 500 error body and logs the route and the issues' paths, never the values", async () => {
    const logged: unknown[] = [];
    jest.spyOn(Logger.prototype, 'error').mockImplementation((message: unknown) => void logged.push(message));
    answer = { id: PERSONNUMMER, seenAt: 'not a time', visits: [{ room: 7 }] };
    const res = await app.inject({ method: 'GET', url: '/person' });
    expect(res.statusCode).toBe(500);
    expect(res.json()).toEqual({ statusCode: 500, error: 'Internal Server Error', code: 'internal', message: 'Internal server error' });
    expect(logged).toHaveLength(1);
    expect(logged[0]).toMatchObject({
      route: '/person',
      issues: [
        { path: 'seenAt', code: 'invalid_format' },
        { path: 'visits.0.room', code: 'invalid_type', expected: 'string' },
      ],
    });
    const { err: _err, ...rest } = logged[0] as { err: unknown };
    expect(JSON.stringify(rest)).not.toContain(PERSONNUMMER);
    expect(JSON.stringify(rest)).not.toContain('not a time');
  });
});
