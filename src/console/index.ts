/** The public entry of `console`: other modules import from here, never from its files (.dependency-cruiser.js). */
export * from './console.module';
