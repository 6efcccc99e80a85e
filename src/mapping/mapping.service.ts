import { Inject, Injectable } from '@nestjs/common';
import { MappingConfig } from '../config';
import { DomainError } from '../common';
import type { BusinessEvent, LegacyEvent } from './business-event';
import { mapLegacyEvent } from './event-mapper';

/** DI face of the pure mapper: binds the configured vendor and source. */
@Injectable()
export class MappingService {
  private readonly config: MappingConfig;

  constructor(@Inject(MappingConfig) config: MappingConfig) {
    this.config = config;
  }

  /** `sourceSystem` is the authenticated issuer's (from the issuer registry), never the body's. */
  toBusinessEvent(legacy: LegacyEvent, sourceSystem = this.config.sourceSystem): BusinessEvent {
    const result = mapLegacyEvent(legacy, { ...this.config, sourceSystem });
    if (!result.ok) {
      throw new DomainError('VALIDATION_FAILED', `${result.field} ${result.reason}.`, {
        errors: [{ field: result.field, message: `${result.field} ${result.reason}` }],
      });
    }
    return result.event;
  }
}
