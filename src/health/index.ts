/** The public entry of `health`: other modules import from here, never from its files (.dependency-cruiser.js). */
export * from './health.module';
