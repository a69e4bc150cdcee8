// A provider's signing keys for checking ID tokens. The key set is cached (refreshed after
// MAX_AGE_MS); when a token names a key id the cached set lacks (the provider rotated its keys), the
// set is fetched again at once and the token checked once more, so a rotation never fails a sign-in.
// Those extra fetches are limited to one per `refetchIntervalMs`: tokens with forged key ids cannot
// make us flood the provider.
import * as jose from 'jose';
import type { OutboundFetch } from '../../platform/outbound-fetch.js';

const MAX_AGE_MS = 10 * 60_000;

type KeyLookup = ReturnType<typeof jose.createLocalJWKSet>;

export class ProviderKeys {
  private keys?: KeyLookup;
  private fetchedAt = 0;
  private lastUnknownKidRefetch = -Infinity;
  private loading?: Promise<KeyLookup>;

  constructor(
    private readonly jwksUri: URL,
    private readonly fetch: OutboundFetch,
    private readonly timeoutMs: number,
    private readonly refetchIntervalMs: number,
    private readonly clock: () => number = Date.now,
  ) {}

  private load(): Promise<KeyLookup> {
    this.loading ??= (async () => {
      try {
        const response = await this.fetch(this.jwksUri, { headers: { accept: 'application/json' }, signal: AbortSignal.timeout(this.timeoutMs) });
        if (!response.ok) throw new TypeError(`the key set answered HTTP ${response.status}`);
        const body = (await response.json()) as jose.JSONWebKeySet;
        this.keys = jose.createLocalJWKSet(body);
        this.fetchedAt = this.clock();
        return this.keys;
      } finally {
        this.loading = undefined;
      }
    })();
    return this.loading;
  }

  /** Verifies a compact JWS (the ID token) with the provider's keys; refetches once on an unknown key id when allowed. */
  async verify(token: string, algorithms: string[]): Promise<void> {
    const keys = !this.keys || this.clock() - this.fetchedAt > MAX_AGE_MS ? await this.load() : this.keys;
    try {
      await jose.compactVerify(token, keys, { algorithms });
    } catch (error) {
      if ((error as { code?: string }).code !== 'ERR_JWKS_NO_MATCHING_KEY' || this.clock() - this.lastUnknownKidRefetch < this.refetchIntervalMs) throw error;
      this.lastUnknownKidRefetch = this.clock();
      await jose.compactVerify(token, await this.load(), { algorithms });
    }
  }
}
