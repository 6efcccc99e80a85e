/** The public entry of `contracts`: other modules import from here, never from its files (.dependency-cruiser.js). */
export * from './contract-registry';
export * from './contracts-file';
export * from './contracts.module';
