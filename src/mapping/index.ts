/** The public entry of `mapping`: other modules import from here, never from its files (.dependency-cruiser.js). */
export * from './builtin-attributes';
export * from './business-event';
export * from './contracts/compile-contract';
export * from './contracts/contract-definition';
export * from './contracts/contract-set';
export * from './contracts/destination-schema';
export * from './event-time';
export * from './event-type';
export * from './mapped-event';
export * from './mapping.module';
export * from './mapping.service';
