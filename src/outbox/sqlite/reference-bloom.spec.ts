import { randomUUID } from 'node:crypto';
import { bloomMayHold, buildBloom, forEachRefHash, keyTermHash, termHash } from './reference-bloom';

describe('reference Bloom filter', () => {
  const hashesOf = (terms: string[]) => Uint32Array.from(terms.map(termHash));

  it('folds ASCII letters only, as SQLite’s lower() does', () => {
    expect(termHash('SO-1234 Søren')).toBe(termHash('so-1234 søren'));
    expect(termHash('Åb')).not.toBe(termHash('åb'));
  });

  it('hashes a key’s term from its first characters', () => {
    expect(keyTermHash('C36FD873-c7ed', 8)).toBe(keyTermHash('c36fd873-ffff', 8));
    expect(keyTermHash('k2', 8)).toBe(termHash('key:k2'));
  });

  it.each([
    ['plain', ['SO-1', 'ACME Corp/12']],
    ['escaped', ['ACME "Corp"\t12', 'a\\b', 'Søren']],
  ])('hashes each %s reference as its text, skipping the key', (_, refs) => {
    const seen: number[] = [];
    forEachRefHash(JSON.stringify(['the-key', ...refs, 'the-key']), 'the-key', (h) => seen.push(h));

    expect(seen).toEqual(refs.map(termHash));
  });

  it('hashes a term the same way every time, and near terms apart', () => {
    expect(termHash('SO-1234')).toBe(termHash('SO-1234'));
    expect(termHash('SO-1234')).not.toBe(termHash('SO-1235'));
    expect(termHash('')).toBeGreaterThanOrEqual(0);
  });

  it('holds every term that went in (no false negatives)', () => {
    const terms = Array.from({ length: 6_000 }, () => randomUUID());
    const bits = buildBloom(hashesOf(terms), terms.length);

    expect(terms.filter((term) => !bloomMayHold(bits, termHash(term)))).toEqual([]);
  });

  it('answers "maybe" for about one term in 15,000 that did not go in', () => {
    const terms = Array.from({ length: 6_000 }, (_, i) => `SO-${i}`);
    const bits = buildBloom(hashesOf(terms), terms.length);
    const strangers = Array.from({ length: 100_000 }, (_, i) => `PO-${i}`);

    const falsePositives = strangers.filter((term) => bloomMayHold(bits, termHash(term))).length;

    // Expected ~0.007 % (7); the bound leaves room for chance, not for a broken hash.
    expect(falsePositives).toBeLessThan(40);
  });

  it('gives even a chunk of one term a filter that works', () => {
    const bits = buildBloom(hashesOf(['only']), 1);

    expect(bloomMayHold(bits, termHash('only'))).toBe(true);
    expect(bits.length).toBeGreaterThanOrEqual(8);
  });
});
