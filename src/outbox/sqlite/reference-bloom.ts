/**
 * The Bloom filter of one chunk of events: which references its events may hold. Pure, so that it
 * is tested alone (reference-bloom.spec.ts).
 *
 * Each term is hashed once to 32 bits (FNV-1a, then murmur3's finaliser for its low bits); the K
 * probes derive from that hash by double hashing (Kirsch and Mitzenmacher). BITS_PER_TERM and K
 * give about one false positive in 15,000 tests: a search tests each chunk twice (as a reference
 * and as a key), so at a million events (500 chunks) about one search in 15 reads the rows of a
 * chunk that does not hold the reference (~1 ms).
 */
export const BITS_PER_TERM = 20;
export const K = 14;

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

/**
 * FNV-1a over the UTF-16 code units of text[from, to), A-Z folded on the way (no copy made), as
 * SQLite's lower() folds: both sides of a search agree on what "ASCII case aside" means.
 */
function hashChars(seed: number, text: string, from: number, to: number): number {
  let hash = seed;
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    hash = Math.imul(hash ^ (c >= 65 && c <= 90 ? c + 32 : c), FNV_PRIME);
  }
  return hash;
}

const KEY_SEED = hashChars(FNV_OFFSET, 'key:', 0, 4);

/** A term's 32-bit hash: the same for any ASCII case of it. */
export function termHash(term: string): number {
  return fmix32(hashChars(FNV_OFFSET, term, 0, term.length));
}

/** The hash of an idempotency key's term: `key:` and its first `length` characters. */
export function keyTermHash(key: string, length: number): number {
  return fmix32(hashChars(KEY_SEED, key, 0, Math.min(length, key.length)));
}

/**
 * Calls `visit` with the hash of each string in `refsJson` (a JSON array of strings) other than
 * `skip`. Hashes the text between the quotes when nothing in it is escaped, which is the usual
 * case, and parses the JSON otherwise: no strings are made for the common reference.
 */
export function forEachRefHash(
  refsJson: string,
  skip: string,
  visit: (hash: number) => void,
): void {
  if (refsJson.includes('\\')) {
    const refs: unknown = JSON.parse(refsJson);
    for (const ref of Array.isArray(refs) ? refs : []) {
      if (typeof ref === 'string' && ref !== skip) {
        visit(termHash(ref));
      }
    }
    return;
  }
  for (let open = refsJson.indexOf('"'); open >= 0;) {
    const close = refsJson.indexOf('"', open + 1);
    if (close < 0) {
      return;
    }
    const length = close - open - 1;
    if (!(length === skip.length && refsJson.startsWith(skip, open + 1))) {
      visit(fmix32(hashChars(FNV_OFFSET, refsJson, open + 1, close)));
    }
    open = refsJson.indexOf('"', close + 1);
  }
}

/** The filter for these hashes, sized for their count. */
export function buildBloom(hashes: Uint32Array, count: number): Buffer {
  const bits = Buffer.alloc(Math.max(8, Math.ceil((count * BITS_PER_TERM) / 8)));
  const size = bits.length * 8;
  for (let i = 0; i < count; i++) {
    const hash = hashes[i];
    const step = stepOf(hash);
    let probe = hash;
    for (let j = 0; j < K; j++) {
      const bit = probe % size;
      bits[bit >>> 3] |= 1 << (bit & 7);
      probe = (probe + step) >>> 0;
    }
  }
  return bits;
}

/** False only when no term with this hash went into the filter. */
export function bloomMayHold(bits: Uint8Array, hash: number): boolean {
  const size = bits.length * 8;
  const step = stepOf(hash);
  let probe = hash;
  for (let j = 0; j < K; j++) {
    const bit = probe % size;
    if ((bits[bit >>> 3] & (1 << (bit & 7))) === 0) {
      return false;
    }
    probe = (probe + step) >>> 0;
  }
  return true;
}

/** The distance between probes: a second hash, odd so that it is never 0. */
function stepOf(hash: number): number {
  return (fmix32(hash ^ 0x9e3779b9) | 1) >>> 0;
}

function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}
