import { VerifiedTokenCache } from './verified-token-cache';

const principal = { kind: 'legacy' as const, issuer: 'erp', subject: 's' };

describe(VerifiedTokenCache.name, () => {
  it('returns a verified principal until the token expires, then forgets it', () => {
    const cache = new VerifiedTokenCache();
    const key = VerifiedTokenCache.keyOf('a.b.c');
    cache.set(key, principal, 10_000);

    expect(cache.get(key, 9_999)).toBe(principal);
    expect(cache.get(key, 10_000)).toBeUndefined();
    expect(cache.get(key, 5_000)).toBeUndefined();
  });

  it('keys on the whole token: one changed character is a miss', () => {
    expect(VerifiedTokenCache.keyOf('a.b.c')).not.toBe(VerifiedTokenCache.keyOf('a.b.d'));
  });

  it('stays bounded, dropping the oldest entries first', () => {
    const cache = new VerifiedTokenCache();
    for (let i = 0; i <= 10_000; i++) {
      cache.set(`k${i}`, principal, Number.MAX_SAFE_INTEGER);
    }
    expect(cache.get('k0')).toBeUndefined();
    expect(cache.get('k1')).toBe(principal);
    expect(cache.get('k10000')).toBe(principal);
  });
});
