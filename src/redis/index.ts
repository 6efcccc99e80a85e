/** The public entry of `redis`: other modules import from here, never from its files (.dependency-cruiser.js). */
export * from './redis-client';
