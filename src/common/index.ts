/** The public entry of `common`: other modules import from here, never from its files (.dependency-cruiser.js). */
export { rawBodyOf } from './http/json-body';
export * from './http/json-body.module';
export * from './http/validation.pipe';
export * from './json/json-array-items';
export * from './lifecycle/lifecycle.module';
export * from './lifecycle/lifecycle.service';
export * from './metrics/metrics-registry';
export * from './problem/domain-error';
export * from './problem/error-codes';
export * from './problem/problem-details.filter';
export * from './problem/problem-details';
