import { Inject, type MiddlewareConsumer, Module, type NestModule } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { AppConfig } from '../../config/app-config';
import { jsonBody } from './json-body';

/**
 * Body parsing as a Nest middleware rather than `app.use`: it then runs after the request logger
 * (imported before this module), so a 413 or 415 still gets its log line and X-Request-Id.
 */
@Module({})
export class JsonBodyModule implements NestModule {
  constructor(@Inject(ConfigService) private readonly config: ConfigService<AppConfig, true>) {}

  configure(consumer: MiddlewareConsumer): void {
    consumer
      .apply(jsonBody(this.config.get('server', { infer: true }).bodyLimitBytes))
      .forRoutes('{*path}');
  }
}
