import type { Adapter, AdapterFactory, AdapterPayload } from "oidc-provider";

interface Entry {
  readonly payload: AdapterPayload;
  /** Epoch milliseconds; `Infinity` for entries without a lifetime (registered clients). */
  readonly expiresAt: number;
}

/**
 * oidc-provider's storage, kept in this process's memory: everything is gone when the server stops.
 *
 * Written here rather than using oidc-provider's built-in memory adapter for two reasons: that one prints a
 * production warning on every start, and it is an LRU capped at 1000 entries, which could silently evict a
 * grant. `revokeByGrantId` is what makes reuse detection work: reusing an authorization code or a rotated
 * refresh token revokes every token of that grant (RFC 9700 §4.14.2).
 */
export function memoryAdapterFactory(): AdapterFactory {
  const entries = new Map<string, Entry>();
  const keysByGrant = new Map<string, Set<string>>();
  const sessionIdByUid = new Map<string, string>();

  return (model: string): Adapter => {
    const keyOf = (id: string) => `${model}:${id}`;
    const read = (id: string): AdapterPayload | undefined => {
      const key = keyOf(id);
      const entry = entries.get(key);
      if (entry === undefined) return undefined;
      if (entry.expiresAt <= Date.now()) {
        entries.delete(key);
        return undefined;
      }
      // A copy, as a database would return: callers must not change the stored state by accident.
      return structuredClone(entry.payload);
    };
    return {
      async upsert(id, payload, expiresIn) {
        const key = keyOf(id);
        entries.set(key, { payload: structuredClone(payload), expiresAt: expiresIn ? Date.now() + expiresIn * 1000 : Infinity });
        if (payload.grantId) {
          const keys = keysByGrant.get(payload.grantId) ?? new Set<string>();
          keys.add(key);
          keysByGrant.set(payload.grantId, keys);
        }
        if (model === "Session" && payload.uid) sessionIdByUid.set(payload.uid, id);
      },
      async find(id) {
        return read(id);
      },
      async findByUid(uid) {
        const id = sessionIdByUid.get(uid);
        return id === undefined ? undefined : read(id);
      },
      async findByUserCode() {
        // Device flow is off: there are no user codes.
        return undefined;
      },
      async consume(id) {
        const entry = entries.get(keyOf(id));
        if (entry) entry.payload.consumed = Math.floor(Date.now() / 1000);
      },
      async destroy(id) {
        const key = keyOf(id);
        const payload = entries.get(key)?.payload;
        entries.delete(key);
        if (model === "Session" && payload?.uid) sessionIdByUid.delete(payload.uid);
      },
      async revokeByGrantId(grantId) {
        // oidc-provider calls this on each token model in turn; each removes its own kind.
        const keys = keysByGrant.get(grantId) ?? new Set<string>();
        for (const key of keys) {
          if (!key.startsWith(`${model}:`)) continue;
          entries.delete(key);
          keys.delete(key);
        }
        if (keys.size === 0) keysByGrant.delete(grantId);
      },
    };
  };
}
