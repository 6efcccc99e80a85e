import { Inject, Injectable } from '@nestjs/common';
import { MappingConfig } from '../config';
import { DomainError } from '../common';
import type { BusinessEvent, LegacyEvent } from './business-event';
import { mapLegacyEvent } from './event-mapper';

/** DI face of the pure mapper: binds the configured vendor and source. */
@Injectable()
export class MappingService {
  private readonly config: MappingConfig;
  /** The config with each issuer's source system, made once (not per event): issuers are few. */
  private readonly bySource = new Map<string, MappingConfig>();

  constructor(@Inject(MappingConfig) config: MappingConfig) {
    this.config = config;
  }

  /**
   * `sourceSystem` is the authenticated issuer's (from the issuer registry), never the body's.
   * `eventTimeMs`: the time `legacy.timestamp` names, when the caller parsed it already.
   */
  toBusinessEvent(
    legacy: LegacyEvent,
    sourceSystem = this.config.sourceSystem,
    eventTimeMs?: number,
  ): BusinessEvent {
    const result = mapLegacyEvent(legacy, this.configFor(sourceSystem), eventTimeMs);
    if (!result.ok) {
      throw new DomainError('VALIDATION_FAILED', `${result.field} ${result.reason}.`, {
        errors: [{ field: result.field, message: `${result.field} ${result.reason}` }],
      });
    }
    return result.event;
  }

  private configFor(sourceSystem: string): MappingConfig {
    let config = this.bySource.get(sourceSystem);
    if (!config) {
      config = { ...this.config, sourceSystem };
      this.bySource.set(sourceSystem, config);
    }
    return config;
  }
}
