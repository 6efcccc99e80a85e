/** The Genesys-side shape of an event, as the tutorial's EventBridge endpoint takes it. */
export interface BusinessEvent {
  readonly eventType: string;
  readonly eventTime: string;
  readonly source: { readonly system: string; readonly version: string };
  readonly data: {
    readonly transaction_id: string;
    readonly amount: number;
    readonly currency: string;
    readonly original_type: string;
  };
}

/** The legacy-side fields the mapping needs; the validated DTO satisfies it. */
export interface LegacyEvent {
  readonly transaction_id: string;
  readonly event_type: string;
  readonly amount: number;
  readonly currency: string;
  readonly timestamp: string | number;
}
