import { Injectable, type OnModuleDestroy } from '@nestjs/common';

/**
 * Knows whether the app is draining. app.close() (SIGTERM) calls onModuleDestroy first, before the
 * HTTP server stops: from then on readiness and new ingests answer 503 while in-flight work ends.
 */
@Injectable()
export class LifecycleService implements OnModuleDestroy {
  private drainingSince: number | undefined;

  get draining(): boolean {
    return this.drainingSince !== undefined;
  }

  onModuleDestroy(): void {
    this.drainingSince ??= Date.now();
  }
}
