import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { LegacyPrincipal } from './principal';

interface Entry {
  readonly principal: LegacyPrincipal;
  readonly expiresAtMs: number;
}

/**
 * Remembers tokens whose signature and claims were verified, keyed by SHA-256 of the whole token
 * and kept until the token's own `exp`. A legacy system reusing its token skips the ES256 check
 * (~100 µs); any change to the token changes the hash, so a tampered token is always verified.
 * Trade-off: a token stays accepted until its exp even if its key is withdrawn meanwhile; keep
 * token lifetimes short, and restart (or rotate the cache) when revoking a key.
 */
@Injectable()
export class VerifiedTokenCache {
  private readonly entries = new Map<string, Entry>();
  private readonly maxEntries = 10_000;

  static keyOf(token: string): string {
    return createHash('sha256').update(token).digest('base64url');
  }

  get(key: string, nowMs = Date.now()): LegacyPrincipal | undefined {
    const entry = this.entries.get(key);
    if (!entry) {
      return undefined;
    }
    if (entry.expiresAtMs <= nowMs) {
      this.entries.delete(key);
      return undefined;
    }
    return entry.principal;
  }

  set(key: string, principal: LegacyPrincipal, expiresAtMs: number): void {
    if (this.entries.size >= this.maxEntries) {
      // Oldest first (Map keeps insertion order): a bounded cache, never a memory leak.
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) {
        this.entries.delete(oldest);
      }
    }
    this.entries.set(key, { principal, expiresAtMs });
  }
}
