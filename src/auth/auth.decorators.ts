import { SetMetadata } from '@nestjs/common';

export const AUTH_POLICY = 'auth:policy';
export type AuthPolicy = 'public' | 'admin' | 'metrics';

/** Opens a route to unauthenticated callers (health probes). Every other route needs a token. */
export const Public = (): MethodDecorator & ClassDecorator => SetMetadata(AUTH_POLICY, 'public');

/** Admin routes take admin credentials only; legacy tokens never pass here. */
export const AdminOnly = (): MethodDecorator & ClassDecorator => SetMetadata(AUTH_POLICY, 'admin');

/** Prometheus scrapes: METRICS_TOKEN (or the admin token); legacy tokens never pass here. */
export const MetricsAuth = (): MethodDecorator & ClassDecorator =>
  SetMetadata(AUTH_POLICY, 'metrics');
