/** The public entry of `sandbox`: other modules import from here, never from its files (.dependency-cruiser.js). */
export * from './dev-keys';
export * from './sandbox-mode';
