/** The public entry of `metrics`: other modules import from here, never from its files (.dependency-cruiser.js). */
export * from './metrics.module';
