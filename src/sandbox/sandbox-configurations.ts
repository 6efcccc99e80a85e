/**
 * The external-event types the sandbox org has, as Genesys describes them: a configuration
 * (`ExternalEventsConfiguration`) bound to a schema (`JourneyExternalEventsSchema`, draft-04, flat).
 * One serves the built-in contract; the others serve examples/contracts, so
 * `CONTRACTS_FILE=examples/contracts/contracts.yaml npm start` works end to end.
 */
export interface SandboxProperty {
  readonly type: 'string' | 'number' | 'integer' | 'boolean';
  readonly enum?: readonly (string | number | boolean)[];
  readonly description?: string;
}

export interface SandboxEventType {
  readonly configurationId: string;
  readonly name: string;
  readonly source: string;
  readonly schemaId: string;
  readonly schemaActive?: boolean;
  readonly required: readonly string[];
  readonly properties: Readonly<Record<string, SandboxProperty>>;
}

const string = { type: 'string' } as const;
const number = { type: 'number' } as const;

export const BUILTIN_EVENT_TYPE: SandboxEventType = {
  configurationId: 'sandbox-configuration',
  name: 'Legacy business events',
  source: 'legacy-gateway',
  schemaId: 'sandbox-schema',
  required: [],
  properties: {
    event_type: string,
    transaction_id: string,
    amount: number,
    currency: string,
    original_type: string,
    source_system: string,
    source_version: string,
  },
};

export const EXAMPLE_EVENT_TYPES: readonly SandboxEventType[] = [
  {
    configurationId: '6a3e2f10-0c1d-4f3b-9d7e-0e5a1b2c3d01',
    name: 'ERP order created',
    source: 'ERP',
    schemaId: '6a3e2f10-0c1d-4f3b-9d7e-0e5a1b2c3e01',
    required: ['orderNumber', 'total', 'currency'],
    properties: {
      orderNumber: string,
      total: number,
      currency: string,
      lineCount: { type: 'integer' },
      channel: { type: 'string', enum: ['web', 'store', 'phone'] },
      status: { type: 'string', enum: ['new', 'confirmed', 'shipped'] },
      express: { type: 'boolean' },
      promisedAt: string,
    },
  },
  {
    configurationId: '6a3e2f10-0c1d-4f3b-9d7e-0e5a1b2c3d02',
    name: 'Billing invoice paid',
    source: 'Billing',
    schemaId: '6a3e2f10-0c1d-4f3b-9d7e-0e5a1b2c3e02',
    required: ['invoiceNumber', 'amountPaid'],
    properties: {
      invoiceNumber: string,
      amountPaid: number,
      currency: string,
      method: { type: 'string', enum: ['card', 'transfer', 'direct_debit', 'other'] },
      paidLate: { type: 'boolean' },
      dueDate: string,
    },
  },
  {
    configurationId: '6a3e2f10-0c1d-4f3b-9d7e-0e5a1b2c3d03',
    name: 'Support case closed',
    source: 'Ticketing',
    schemaId: '6a3e2f10-0c1d-4f3b-9d7e-0e5a1b2c3e03',
    required: ['caseNumber', 'resolution'],
    properties: {
      caseNumber: string,
      resolution: { type: 'string', enum: ['solved', 'workaround', 'duplicate', 'no_reply'] },
      priority: { type: 'integer' },
      reopened: { type: 'boolean' },
      satisfaction: number,
    },
  },
];
