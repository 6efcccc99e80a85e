/** The public entry of `logging`: other modules import from here, never from its files (.dependency-cruiser.js). */
export * from './pino-options';
export * from './request-id';
