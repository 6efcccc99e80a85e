import { Inject, Injectable } from '@nestjs/common';
import { LifecycleService, DomainError } from '../common';
import { IngestConfig } from '../config';
import { Outbox } from '../outbox';

/** Whether this replica takes events at all: not draining, backlog under its bound. */
@Injectable()
export class Admission {
  private readonly maxBacklog: number;

  constructor(
    @Inject(Outbox) private readonly outbox: Outbox,
    @Inject(LifecycleService) private readonly lifecycle: LifecycleService,
    @Inject(IngestConfig) config: IngestConfig,
  ) {
    this.maxBacklog = config.maxBacklog;
  }

  assertCanAccept(): void {
    if (this.lifecycle.draining) {
      throw new DomainError(
        'SHUTTING_DOWN',
        'The gateway is shutting down; send the event to another replica or retry.',
        { retryAfterSec: 5 },
      );
    }
    if (this.outbox.backlog() >= this.maxBacklog) {
      throw new DomainError(
        'BACKLOG_FULL',
        'The gateway holds as many undelivered events as it is allowed to; retry later.',
        { retryAfterSec: 30 },
      );
    }
  }
}
