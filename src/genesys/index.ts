/** The public entry of `genesys`: other modules import from here, never from its files (.dependency-cruiser.js). */
export * from './event-publisher';
export * from './external-events/destination-schemas.client';
export * from './external-events/external-event.mapper';
export * from './genesys-failure';
export * from './genesys-limits';
export * from './genesys-metrics';
export * from './genesys-token.service';
export * from './genesys.module';
export * from './publish-outcome';
export * from './retry-policy';
export * from './target-check.service';
