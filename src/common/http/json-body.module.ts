import { Inject, type MiddlewareConsumer, Module, type NestModule } from '@nestjs/common';
import { ServerConfig } from '../../config';
import { jsonBody } from './json-body';

/**
 * Body parsing as a Nest middleware rather than `app.use`: it then runs after the request logger
 * (imported before this module), so a 413 or 415 still gets its log line and X-Request-Id.
 */
@Module({})
export class JsonBodyModule implements NestModule {
  constructor(@Inject(ServerConfig) private readonly config: ServerConfig) {}

  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(jsonBody(this.config.bodyLimitBytes)).forRoutes('{*path}');
  }
}
