/** The public entry of `openapi`: other modules import from here, never from its files (.dependency-cruiser.js). */
export * from './api-problems.decorator';
export * from './openapi';
export * from './response.schemas';
