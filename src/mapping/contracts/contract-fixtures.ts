import type { ContractDefinition } from './contract-definition';

/** A realistic ERP order contract in the file's raw shape, for specs to vary. */
export function erpOrderContract(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    name: 'erp-order-created',
    issuers: ['https://erp.example.com'],
    match: { '/type': 'ORDER_CREATED' },
    schema: {
      type: 'object',
      required: ['type', 'order_no', 'created_at', 'customer'],
      properties: {
        type: { type: 'string' },
        order_no: { type: 'string' },
        created_at: { type: ['string', 'integer'] },
        total: { type: ['string', 'number'] },
        status: { type: 'string' },
        customer: {
          type: 'object',
          properties: { id: { type: 'string' }, email: { type: 'string' } },
        },
      },
    },
    eventTime: '/created_at',
    identity: ['/order_no'],
    genesys: {
      configurationId: '3f0c1a2b-0000-4000-8000-000000000001',
      externalSourceId: 'erp',
      customer: ['/customer/id', { from: '/customer/email', externalSourceId: 'email' }],
      attributes: {
        orderNumber: '/order_no',
        total: { from: '/total', as: 'number' },
        channel: { const: 'web' },
        status: { from: '/status', map: { N: 'new', S: 'shipped' } },
      },
    },
    ...overrides,
  };
}

export const ERP_ORDER_BODY = {
  type: 'ORDER_CREATED',
  order_no: 'SO-1234',
  created_at: '2026-11-28T10:15:00+02:00',
  total: '129.50',
  status: 'N',
  customer: { id: 'C-77', email: 'ann@example.com' },
};

export type RawContract = Record<string, unknown>;
export type { ContractDefinition };
