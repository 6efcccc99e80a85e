/** The public entry of `delivery`: other modules import from here, never from its files (.dependency-cruiser.js). */
export * from './delivery-metrics';
export * from './delivery.module';
