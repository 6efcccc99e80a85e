/**
 * Genesys Cloud refuses a platform API request body over this many bytes (413): both publishers
 * split their batches under it, and the sandbox enforces it as Genesys does.
 */
export const GENESYS_MAX_REQUEST_BYTES = 512_000;
