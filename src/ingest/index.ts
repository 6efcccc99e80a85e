/** The public entry of `ingest`: other modules import from here, never from its files (.dependency-cruiser.js). */
export * from './event-status.view';
export * from './idempotency';
export * from './ingest.module';
export * from './received-body';
