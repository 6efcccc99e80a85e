import type { Server } from 'node:http';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import helmet from 'helmet';
import { Logger as PinoLogger } from 'nestjs-pino';
import { AppModule } from './app.module';
import { strictValidationPipe, ProblemDetailsFilter } from './common';
import type { AppConfig } from './config';
import { serveOpenApi } from './openapi';

/**
 * Builds the app exactly as production runs it (pipes, filter, body limits, shutdown hooks);
 * main.ts and the e2e tests both call this, so tests exercise the real stack.
 */
export async function createApp(config: AppConfig): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config), {
    bodyParser: false,
    // Throw wiring errors to the caller (main.ts prints them) instead of exiting the process.
    abortOnError: false,
    // Held until the pino logger is in place, so even start-up lines come out as JSON.
    bufferLogs: true,
  });
  app.useLogger(app.get(PinoLogger));
  app.flushLogs();
  app.disable('x-powered-by');
  // Answers are tiny and never cached: hashing each one for an ETag is wasted work.
  app.set('etag', false);
  // Security headers on every answer (HSTS, nosniff, frame-ancestors, no X-Powered-By, ...).
  app.use(helmet());
  app.useGlobalPipes(strictValidationPipe());
  app.useGlobalFilters(new ProblemDetailsFilter());
  // SIGTERM (Kubernetes) and SIGINT (Ctrl-C) stop the gateway; SIGHUP reloads CONTRACTS_FILE.
  app.enableShutdownHooks(['SIGTERM', 'SIGINT']);
  if (config.server.docsEnabled) {
    serveOpenApi(app);
  }
  return app;
}

/** Slow or stalled clients must not hold sockets forever. */
export function applyServerTimeouts(server: Server): void {
  server.requestTimeout = 30_000;
  server.headersTimeout = 10_000;
  server.keepAliveTimeout = 65_000;
}

export async function startApp(config: AppConfig): Promise<NestExpressApplication> {
  const app = await createApp(config);
  await listenOrClose(app, config.server.port, config.server.host);
  applyServerTimeouts(app.getHttpServer());
  return app;
}

/**
 * Initialises the app and listens. When a start-up hook throws (a bad contracts file, a store that
 * cannot open), what the modules before it opened (Redis connections, the store thread) is closed
 * before the error goes on: a caller that keeps running, such as a test, is left with nothing open.
 */
export async function listenOrClose(
  app: NestExpressApplication,
  port: number,
  host: string,
): Promise<void> {
  try {
    await app.listen(port, host);
  } catch (error) {
    await app.close().catch(() => undefined);
    throw error;
  }
}
