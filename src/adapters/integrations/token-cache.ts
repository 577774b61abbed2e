import { createHash } from 'node:crypto';

export interface CachedToken {
  readonly accessToken: string;
  readonly expiresAtMs: number;
}

/** Tokens are renewed this long before they expire, so none expires in flight. */
export const TOKEN_EXPIRY_SKEW_MS = 120_000;

/**
 * Access tokens per connection, in memory (one Forge invocation may reuse it; a cold start asks
 * again). The key includes a fingerprint of the credential, so rotating it never reuses an old token.
 */
export class TokenCache {
  private readonly tokens = new Map<string, CachedToken>();

  constructor(private readonly now: () => number) {}

  static keyFor(connectionId: string, credential: string): string {
    return `${connectionId}:${createHash('sha256').update(credential).digest('hex').slice(0, 16)}`;
  }

  get(key: string): string | undefined {
    const token = this.tokens.get(key);
    if (token === undefined) return undefined;
    if (this.now() >= token.expiresAtMs - TOKEN_EXPIRY_SKEW_MS) {
      this.tokens.delete(key);
      return undefined;
    }
    return token.accessToken;
  }

  set(key: string, accessToken: string, expiresInSeconds: number): void {
    this.tokens.set(key, { accessToken, expiresAtMs: this.now() + expiresInSeconds * 1000 });
  }

  invalidate(key: string): void {
    this.tokens.delete(key);
  }
}
