import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type {} from '@fastify/static';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { SwaggerModule } from '@nestjs/swagger';
import type { FastifyInstance } from 'fastify';
import helmet from 'helmet';
import { Logger } from 'nestjs-pino';
import { BODY_LIMIT_BYTES, refuseUnreadableBody, refuseUnstorableInput } from '@app/common';
import { Metrics } from '@app/operations';
import { RealtimeIoAdapter } from '@app/realtime';
import { AppModule, type AppOptions } from './app.module';
import { apiDocument } from './openapi-document';

export const API_PREFIX = 'api/v1';

/**
 * Builds the api exactly as production runs it; the end-to-end tests call this too. Fastify rather
 * than Express: measured in the triage bench, the framework's share of a submission was the largest
 * part of the api thread's time.
 */
export async function createApp(options: AppOptions): Promise<NestFastifyApplication> {
  // X-Forwarded-For only from the configured proxies (none by default): anyone else could pick her address (#15.10).
  const trustProxy = options.config.trustedProxies.length > 0 ? [...options.config.trustedProxies] : false;
  const adapter = new FastifyAdapter({
    trustProxy,
    bodyLimit: BODY_LIMIT_BYTES,
    routerOptions: { maxParamLength: 200, ignoreTrailingSlash: true },
  });
  // bodyParser off: Nest would add a form parser; the api reads JSON only.
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot(options), adapter, {
    bufferLogs: true,
    bodyParser: false,
  });
  app.useLogger(app.get(Logger));
  const fastify = app.getHttpAdapter().getInstance() as unknown as FastifyInstance;
  // helmet itself, built once: @fastify/helmet builds it again on every request (a tenth of a
  // submission's framework time in the bench's profile).
  const securityHeaders = helmet({
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        connectSrc: ["'self'", 'ws:', 'wss:'],
        mediaSrc: ["'self'", 'blob:'],
        imgSrc: ["'self'", 'data:', 'blob:'],
        styleSrc: ["'self'", "'unsafe-inline'"],
        scriptSrc: ["'self'"],
      },
    },
  });
  fastify.addHook('onRequest', (request, reply, done) => securityHeaders(request.raw, reply.raw, (err) => done(err as Error | undefined)));
  // A POST without a body (publish, accept, ...) may still say it is JSON: an empty object, as Express gave.
  const json = fastify.getDefaultJsonParser('error', 'error');
  fastify.removeContentTypeParser('application/json');
  fastify.addContentTypeParser('application/json', { parseAs: 'string', bodyLimit: BODY_LIMIT_BYTES }, (request, body, done) =>
    body === '' ? done(null, {}) : json(request, body as string, done),
  );
  // Fastify reads text/plain by default, which turned a text body into a 400 from validation: JSON only, so 415.
  fastify.removeContentTypeParser('text/plain');
  // LiveKit signs the raw body of its webhooks; keep it as bytes for the verifier.
  fastify.addContentTypeParser('application/webhook+json', { parseAs: 'buffer', bodyLimit: BODY_LIMIT_BYTES }, (_req, body, done) =>
    done(null, body),
  );
  fastify.addHook('onRequest', refuseUnreadableBody);
  fastify.addHook('preValidation', refuseUnstorableInput);
  const metrics = app.get(Metrics);
  fastify.addHook('onResponse', (request, reply, done) => {
    metrics.observeHttp(request.method, request.routeOptions.url ?? 'unmatched', reply.statusCode, reply.elapsedTime / 1000);
    done();
  });
  app.setGlobalPrefix(API_PREFIX, { exclude: ['metrics'] });
  const io = new RealtimeIoAdapter(app, options.config.redisUrl, securityHeaders);
  await io.connect();
  app.useWebSocketAdapter(io);
  app.enableCors({ origin: false });

  SwaggerModule.setup('api/docs', app, apiDocument(app));

  await serveWeb(app, fastify, options.config.webDistDir);
  return app;
}

const notWeb = (url: string) => url.startsWith('/api') || url.startsWith('/socket.io') || url.startsWith('/metrics');

/** Serves the built front end at `/`, with client-side routes falling back to index.html. */
async function serveWeb(app: NestFastifyApplication, fastify: FastifyInstance, configured: string | undefined): Promise<void> {
  const candidates = [configured, resolve(process.cwd(), 'dist/web'), resolve(__dirname, '../web')].filter((d): d is string => !!d);
  const dir = candidates.find((d) => existsSync(join(d, 'index.html')));
  // The build's files are fixed at start, so one route each; every other page path gets index.html.
  // preCompressed: the build's .br/.gz copies go to browsers that accept them (#17.7).
  if (dir) await app.useStaticAssets({ root: dir, wildcard: false, index: false, maxAge: '1h', preCompressed: true });
  fastify.get('/*', (request, reply) => {
    if (notWeb(request.url)) return reply.callNotFound();
    if (dir) return reply.sendFile('index.html', dir, { maxAge: 0 });
    return reply
      .type('text/html; charset=utf-8')
      .send('<!doctype html><title>Ledtriage</title><p>The web front end is not built: run <code>npm run build:web</code>.</p>');
  });
}
