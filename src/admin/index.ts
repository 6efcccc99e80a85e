/** The public entry of `admin`: other modules import from here, never from its files (.dependency-cruiser.js). */
export * from './admin.module';
export * from './audit-log';
