/** The public entry of `outbox`: other modules import from here, never from its files (.dependency-cruiser.js). */
export * from './delivery-notifier';
export * from './outbox.module';
export * from './outbox';
export * from './outbox.types';
