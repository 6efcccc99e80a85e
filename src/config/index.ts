/** The public entry of `config`: other modules import from here, never from its files (.dependency-cruiser.js). */
export * from './app-config';
export * from './config-error';
export * from './config.module';
export * from './environment';
export * from './parse-config';
export * from './variables';
