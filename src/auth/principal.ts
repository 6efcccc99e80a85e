/** Who sent an ingest request, as proven by a verified legacy JWT. */
export interface LegacyPrincipal {
  readonly kind: 'legacy';
  readonly issuer: string;
  readonly subject: string | undefined;
}

export function isLegacyPrincipal(value: unknown): value is LegacyPrincipal {
  return (
    typeof value === 'object' && value !== null && (value as LegacyPrincipal).kind === 'legacy'
  );
}
