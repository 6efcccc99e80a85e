import { ExternalEventsSandbox, MAX_ATTRIBUTES } from './external-events-sandbox';

const entity = (attributes: Record<string, unknown>) => ({
  id: 'k1',
  dateCreated: '2026-11-28T08:15:00Z',
  identifiers: { externalIds: [{ value: 'tx', externalSourceId: 'erp' }] },
  attributes,
});

describe(ExternalEventsSandbox.name, () => {
  it.each([
    [{ transaction_id: 'tx', amount: 1 }, undefined],
    [{ amount: '1' }, 'attribute amount must be a number'],
    [{ colour: 'red' }, 'attribute colour is not in the schema'],
    [
      Object.fromEntries(Array.from({ length: MAX_ATTRIBUTES + 1 }, (_, i) => [`a${i}`, 1])),
      'at most 50 attributes are allowed',
    ],
  ])('checks attributes %j against the schema and the limit', (attributes, error) => {
    const answer = new ExternalEventsSandbox().ingest('sandbox-configuration', {
      entities: [entity(attributes)],
    });
    expect(answer.status).toBe(200);
    const unprocessed = answer.status === 200 ? answer.body.unprocessedEntities : [];
    expect(unprocessed.map((u) => u.errorMessage)).toEqual(error ? [error] : []);
  });

  it('rejects an unknown configuration and an empty batch', () => {
    const sandbox = new ExternalEventsSandbox();
    expect(sandbox.ingest('nope', { entities: [entity({})] })).toMatchObject({ status: 404 });
    expect(sandbox.ingest('sandbox-configuration', { entities: [] })).toMatchObject({
      status: 400,
    });
  });
});
