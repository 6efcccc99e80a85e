/** The public entry of `auth`: other modules import from here, never from its files (.dependency-cruiser.js). */
export * from './auth.decorators';
export * from './auth.module';
export * from './console-session';
export * from './constant-time-equal';
export * from './current-principal.decorator';
export * from './issuer-registry';
export * from './principal';
