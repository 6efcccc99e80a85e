import fc from 'fast-check';
import { v5 as uuidv5 } from 'uuid';
import { nameBasedUuids } from './name-based-uuid';

describe(nameBasedUuids.name, () => {
  const namespace = '6f1c3e3a-7c55-4d5e-9b0e-2a9d1f4b8c21';
  const uuidIn = nameBasedUuids(namespace);

  it('gives the RFC 9562 test vector (DNS namespace, www.example.com)', () => {
    expect(nameBasedUuids('6ba7b810-9dad-11d1-80b4-00c04fd430c8')('www.example.com')).toBe(
      '2ed6657d-e927-568b-95e1-2665a8aea6a2',
    );
  });

  it('equals uuid v5 for any name, including non-ASCII and empty ones', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), (name) => {
        expect(uuidIn(name)).toBe(uuidv5(name, namespace));
      }),
      { numRuns: 2000 },
    );
  });

  it('equals uuid v5 for names too long for its buffer, and after them', () => {
    for (const name of ['x'.repeat(336), 'é'.repeat(400), 'k'.repeat(5_000), 'short']) {
      expect(uuidIn(name)).toBe(uuidv5(name, namespace));
    }
  });
});
