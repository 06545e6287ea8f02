import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import type { NextFunction, Request, Response } from 'express';
import helmet from 'helmet';
import { Logger } from 'nestjs-pino';
import { cleanupOpenApiDoc } from 'nestjs-zod';
import { refuseUnstorableInput } from '@app/common';
import { RealtimeIoAdapter } from '@app/realtime';
import { AppModule, AppOptions } from './app.module';

export const API_PREFIX = 'api/v1';

/** Builds the api exactly as production runs it; the end-to-end tests call this too. */
export async function createApp(options: AppOptions): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(options), {
    bufferLogs: true,
    bodyParser: false,
  });
  app.useLogger(app.get(Logger));
  app.set('trust proxy', 'loopback');
  app.useBodyParser('json', { limit: '256kb' });
  // LiveKit signs the raw body of its webhooks; keep it as bytes for the verifier.
  app.useBodyParser('raw', { type: 'application/webhook+json', limit: '256kb' });
  app.use(refuseUnstorableInput);
  app.use(
    helmet({
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
    }),
  );
  app.setGlobalPrefix(API_PREFIX, { exclude: ['metrics'] });
  const io = new RealtimeIoAdapter(app, options.config.redisUrl);
  await io.connect();
  app.useWebSocketAdapter(io);
  app.enableCors({ origin: false });

  const openApi = new DocumentBuilder()
    .setTitle('Ledtriage API')
    .setDescription('Remote specialist triage and video visits for health centres (API v1)')
    .setVersion('1')
    .addBearerAuth()
    .build();
  SwaggerModule.setup('api/docs', app, cleanupOpenApiDoc(SwaggerModule.createDocument(app, openApi)));

  serveWeb(app, options.config.webDistDir);
  return app;
}

/** Serves the built front end at `/`, with client-side routes falling back to index.html. */
function serveWeb(app: NestExpressApplication, configured: string | undefined): void {
  const candidates = [configured, resolve(process.cwd(), 'dist/web'), resolve(__dirname, '../web')].filter(
    (d): d is string => !!d,
  );
  const dir = candidates.find((d) => existsSync(join(d, 'index.html')));
  if (!dir) {
    app.use('/', (req: Request, res: Response, next: NextFunction) => {
      if (req.method !== 'GET' || req.path.startsWith('/api') || req.path.startsWith('/socket.io')) return next();
      res.status(200).type('html').send('<!doctype html><title>Ledtriage</title><p>The web front end is not built: run <code>npm run build:web</code>.</p>');
    });
    return;
  }
  app.useStaticAssets(dir, { index: false, maxAge: '1h' });
  app.use('/', (req: Request, res: Response, next: NextFunction) => {
    if (req.method !== 'GET' || req.path.startsWith('/api') || req.path.startsWith('/socket.io') || req.path === '/metrics') return next();
    res.sendFile(join(dir, 'index.html'));
  });
}
