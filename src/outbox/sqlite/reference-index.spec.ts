import { eventTerms, matchQuery } from './reference-index';

describe('reference index terms', () => {
  it('indexes the key by its prefix and each legacy reference in full', () => {
    expect(eventTerms(['c36fd873-c7ed-53b1-855a-6fb3e006533a', 'SO-1234', 'ACME Corp 12'])).toBe(
      'key:c36fd873\nSO-1234\nACME Corp 12',
    );
  });

  it.each([
    ['SO-1234', '("so-1234") OR ("key:so-1234")'],
    ['ACME Corp 12', '("acme corp 12") OR ("key:acme cor")'],
    ['a"b', '("a" AND "b") OR ("key:a" AND "b")'],
    ['c36fd873-c7ed-53b1', '("c36fd873-c7ed-53b1") OR ("key:c36fd873")'],
  ])('asks the index for %s as %s', (ref, query) => {
    expect(matchQuery(ref)).toBe(query);
  });

  it('asks nothing for a reference made only of separators', () => {
    expect(matchQuery('"\'')).toBeUndefined();
  });
});
