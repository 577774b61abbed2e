import type { JsonObject } from '../../../src/domain/common/json';
import type { ConnectionSecrets } from '../../../src/domain/integrations/connection-secrets';
import type { ConnectionStore, StoredConnection } from '../../../src/ports/connection-store';
import type { CallLedger, IntegrationClock } from '../../../src/ports/integrations';
import type { SecretStore } from '../../../src/ports/secret-store';

/** Connection store in memory; `dump()` is everything it holds (for secret-leak scans). */
export class InMemoryConnectionStore implements ConnectionStore {
  readonly items = new Map<string, StoredConnection>();
  async list() {
    return [...this.items.values()];
  }
  async get(id: string) {
    return this.items.get(id);
  }
  async save(connection: StoredConnection) {
    this.items.set(connection.config.id, structuredClone(connection));
  }
  async delete(id: string) {
    this.items.delete(id);
  }
  dump(): string {
    return JSON.stringify([...this.items.entries()]);
  }
}

export class InMemorySecretStore implements SecretStore {
  readonly items = new Map<string, { values: ConnectionSecrets; rotatedAt: string }>();
  async get(id: string) {
    return this.items.get(id)?.values;
  }
  async set(id: string, values: ConnectionSecrets, rotatedAt: string) {
    this.items.set(id, { values: { ...values }, rotatedAt });
  }
  async delete(id: string) {
    this.items.delete(id);
  }
  async metadata(id: string) {
    const item = this.items.get(id);
    return item === undefined ? undefined : { rotatedAt: item.rotatedAt };
  }
}

export class InMemoryCallLedger implements CallLedger {
  readonly items = new Map<string, { output: JsonObject }>();
  async find(key: string) {
    return this.items.get(key);
  }
  async save(key: string, entry: { output: JsonObject }) {
    this.items.set(key, entry);
  }
}

/** A clock that only moves when told to; `sleep` advances it instead of waiting. */
export class ManualClock implements IntegrationClock {
  readonly sleeps: number[] = [];
  constructor(private current = Date.parse('2026-03-02T09:00:00.000Z')) {}
  now() {
    return this.current;
  }
  advance(ms: number) {
    this.current += ms;
  }
  async sleep(ms: number) {
    this.sleeps.push(ms);
    this.current += ms;
  }
}
