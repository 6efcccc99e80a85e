/** The public entry of `throttle`: other modules import from here, never from its files (.dependency-cruiser.js). */
export * from './issuer-throttle.module';
