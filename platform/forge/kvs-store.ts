/**
 * In-memory Forge KVS answering the JSON POSTs that @forge/kvs 1.6 makes (`/api/v1/get|set|delete|
 * query|batch/*|secret/*|entity/*|transaction`), with the limits Forge enforces: key pattern and
 * length, value size, query limit, entity indexes. Secrets live apart from plain keys and cannot be
 * queried, as on Forge. Time comes from the emulated clock (TTL, createdAt/updatedAt).
 */
export interface KvsReply {
  status: number;
  body?: unknown;
}

export interface EntityIndex {
  name: string;
  range: string[];
  partition: string[];
}

export interface KvsOptions {
  now: () => number;
  /** From manifest `app.storage.entities`: entity name → its indexes. */
  entities?: Record<string, EntityIndex[]>;
}

interface Item {
  key: string;
  value: unknown;
  createdAt: number;
  updatedAt: number;
  expireAt?: number;
}

interface Condition {
  property: string;
  condition: string;
  values: unknown[];
}

export const KVS_LIMITS = {
  maxKeyLength: 500,
  keyPattern: /^(?!\s+$)[a-zA-Z0-9:._\s\-#]+$/,
  maxValueBytes: 240 * 1024,
  maxQueryLimit: 20,
  defaultQueryLimit: 10,
  maxEntityQueryLimit: 100,
  maxTransactionOps: 25,
} as const;

class KvsError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

const fail = (status: number, code: string, message: string): never => {
  throw new KvsError(status, code, message);
};

function checkKey(key: unknown): string {
  if (typeof key !== 'string' || key.length === 0) return fail(400, 'INVALID_KEY', 'key must be a non-empty string');
  if (key.length > KVS_LIMITS.maxKeyLength) return fail(400, 'INVALID_KEY', `key is longer than ${KVS_LIMITS.maxKeyLength} characters`);
  if (!KVS_LIMITS.keyPattern.test(key)) return fail(400, 'INVALID_KEY', `key "${key.slice(0, 60)}" must match ${KVS_LIMITS.keyPattern.source}`);
  return key;
}

function checkValue(value: unknown): unknown {
  if (value === undefined) return fail(400, 'INVALID_VALUE', 'value is required');
  const bytes = Buffer.byteLength(JSON.stringify(value));
  if (bytes > KVS_LIMITS.maxValueBytes) return fail(400, 'VALUE_TOO_LARGE', `value is ${bytes} bytes; the limit is ${KVS_LIMITS.maxValueBytes}`);
  return value;
}

const TTL_UNIT_MS: Record<string, number> = { SECONDS: 1000, MINUTES: 60_000, HOURS: 3_600_000, DAYS: 86_400_000 };

const encodeCursor = (key: string): string => Buffer.from(key, 'utf8').toString('base64url');
const decodeCursor = (cursor: string): string => Buffer.from(cursor, 'base64url').toString('utf8');

function compare(a: unknown, b: unknown): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  const sa = String(a);
  const sb = String(b);
  return sa < sb ? -1 : sa > sb ? 1 : 0;
}

function matches(actual: unknown, c: Condition): boolean {
  const [v0, v1] = c.values;
  switch (c.condition) {
    case 'EXISTS':
      return actual !== undefined;
    case 'NOT_EXISTS':
      return actual === undefined;
    case 'BEGINS_WITH':
      return typeof actual === 'string' && actual.startsWith(String(v0));
    case 'BETWEEN':
      return actual !== undefined && compare(actual, v0) >= 0 && compare(actual, v1) <= 0;
    case 'EQUAL_TO':
      return actual === v0;
    case 'NOT_EQUAL_TO':
      return actual !== v0;
    case 'GREATER_THAN':
      return actual !== undefined && compare(actual, v0) > 0;
    case 'GREATER_THAN_EQUAL_TO':
      return actual !== undefined && compare(actual, v0) >= 0;
    case 'LESS_THAN':
      return actual !== undefined && compare(actual, v0) < 0;
    case 'LESS_THAN_EQUAL_TO':
      return actual !== undefined && compare(actual, v0) <= 0;
    case 'CONTAINS':
      return (typeof actual === 'string' || Array.isArray(actual)) && actual.includes(v0 as never);
    case 'NOT_CONTAINS':
      return !((typeof actual === 'string' || Array.isArray(actual)) && actual.includes(v0 as never));
    default:
      return fail(400, 'INVALID_CONDITION', `unknown condition ${c.condition}`);
  }
}

const attr = (value: unknown, property: string): unknown =>
  value !== null && typeof value === 'object' ? (value as Record<string, unknown>)[property] : undefined;

function matchesFilters(value: unknown, filters: { and?: Condition[]; or?: Condition[] } | undefined): boolean {
  if (!filters) return true;
  if (filters.and) return filters.and.every((c) => matches(attr(value, c.property), c));
  if (filters.or) return filters.or.some((c) => matches(attr(value, c.property), c));
  return true;
}

type Body = Record<string, unknown>;

/** The store; `handle` answers one SDK request. */
export class KvsStore {
  private plain = new Map<string, Item>();
  private secrets = new Map<string, Item>();
  private entityItems = new Map<string, Map<string, Item>>();

  constructor(private readonly options: KvsOptions) {}

  handle(path: string, body: unknown): KvsReply {
    return this.handleOne(() => this.route(path.replace(/\?.*$/, ''), (body ?? {}) as Body));
  }

  /** Everything stored, for the sandbox state file. */
  snapshot(): unknown {
    const dump = (m: Map<string, Item>) => [...m.values()];
    return {
      plain: dump(this.plain),
      secrets: dump(this.secrets),
      entities: Object.fromEntries([...this.entityItems].map(([name, m]) => [name, dump(m)])),
    };
  }

  restore(snapshot: unknown): void {
    const s = snapshot as { plain?: Item[]; secrets?: Item[]; entities?: Record<string, Item[]> };
    const load = (items: Item[] | undefined) => new Map((items ?? []).map((i) => [i.key, i]));
    this.plain = load(s.plain);
    this.secrets = load(s.secrets);
    this.entityItems = new Map(Object.entries(s.entities ?? {}).map(([n, items]) => [n, load(items)]));
  }

  clear(): void {
    this.restore({});
  }

  /** Plain keys currently stored (tests and the control API read state through this). */
  keys(): string[] {
    return [...this.plain.keys()].filter((k) => this.live(this.plain.get(k))).sort();
  }

  private route(path: string, body: Body): KvsReply {
    switch (path) {
      case '/api/v1/get':
        return this.get(this.plain, body);
      case '/api/v1/set':
        return this.set(this.plain, body);
      case '/api/v1/delete':
        return this.del(this.plain, body);
      case '/api/v1/query':
        return this.query(body);
      case '/api/v1/secret/get':
        return this.get(this.secrets, body);
      case '/api/v1/secret/set':
        return this.set(this.secrets, body);
      case '/api/v1/secret/delete':
        return this.del(this.secrets, body);
      case '/api/v1/entity/get':
        return this.get(this.entity(body.entityName), body);
      case '/api/v1/entity/set':
        return this.set(this.entity(body.entityName), body);
      case '/api/v1/entity/delete':
        return this.del(this.entity(body.entityName), body);
      case '/api/v1/entity/query':
        return this.queryEntity(body);
      case '/api/v1/batch/set':
        return this.batch(body, (item) => this.set(this.mapFor(item), item));
      case '/api/v1/batch/get':
        return this.batchGet(body);
      case '/api/v1/batch/delete':
        return this.batch(body, (item) => this.del(this.mapFor(item), item));
      case '/api/v1/transaction':
        return this.transact(body);
      default:
        return { status: 404, body: { code: 'NOT_FOUND', message: `no KVS endpoint ${path}` } };
    }
  }

  private live(item: Item | undefined): item is Item {
    return item !== undefined && (item.expireAt === undefined || item.expireAt > this.options.now());
  }

  private entity(name: unknown): Map<string, Item> {
    if (typeof name !== 'string' || name.length < 3) return fail(400, 'INVALID_ENTITY', 'entityName is required');
    if (this.options.entities && !(name in this.options.entities)) {
      return fail(400, 'ENTITY_NOT_FOUND', `entity "${name}" is not declared in manifest app.storage.entities`);
    }
    let m = this.entityItems.get(name);
    if (!m) this.entityItems.set(name, (m = new Map()));
    return m;
  }

  private mapFor(item: Body): Map<string, Item> {
    return item.entityName === undefined ? this.plain : this.entity(item.entityName);
  }

  private describe(item: Item): Body {
    return {
      key: item.key,
      value: item.value,
      createdAt: item.createdAt,
      updatedAt: item.updatedAt,
      ...(item.expireAt !== undefined ? { expireTime: new Date(item.expireAt).toISOString() } : {}),
    };
  }

  private get(map: Map<string, Item>, body: Body): KvsReply {
    const key = checkKey(body.key);
    const item = map.get(key);
    if (!this.live(item)) return fail(404, 'KEY_NOT_FOUND', 'The key was not found');
    return { status: 200, body: this.describe(item) };
  }

  private set(map: Map<string, Item>, body: Body): KvsReply {
    const key = checkKey(body.key);
    const value = checkValue(body.value);
    const options = (body.options ?? {}) as { ttl?: { value: number; unit: string }; keyPolicy?: string; returnValue?: string };
    const previous = map.get(key);
    const existed = this.live(previous);
    if (options.keyPolicy === 'FAIL_IF_EXISTS' && existed) return fail(409, 'KEY_ALREADY_EXISTS', 'The key already exists');
    const now = this.options.now();
    let expireAt: number | undefined;
    if (options.ttl) {
      const unit = TTL_UNIT_MS[options.ttl.unit];
      if (!unit || !(options.ttl.value > 0)) return fail(400, 'INVALID_TTL', 'ttl needs a positive value and a unit of SECONDS|MINUTES|HOURS|DAYS');
      expireAt = now + options.ttl.value * unit;
    }
    const item: Item = { key, value, createdAt: existed ? previous.createdAt : now, updatedAt: now, ...(expireAt !== undefined ? { expireAt } : {}) };
    map.set(key, item);
    if (options.returnValue === 'PREVIOUS') return existed ? { status: 200, body: this.describe(previous) } : { status: 204 };
    if (options.returnValue === 'LATEST') return { status: 200, body: this.describe(item) };
    return { status: 204 };
  }

  private del(map: Map<string, Item>, body: Body): KvsReply {
    const key = checkKey(body.key);
    if (!this.live(map.get(key))) return fail(404, 'KEY_NOT_FOUND', 'The key was not found');
    map.delete(key);
    return { status: 204 };
  }

  private page(items: Item[], limitIn: unknown, max: number, after: string | undefined, keyOf: (i: Item) => string, metadata: unknown): KvsReply {
    const limit = limitIn === undefined ? KVS_LIMITS.defaultQueryLimit : Number(limitIn);
    if (!Number.isInteger(limit) || limit < 1 || limit > max) return fail(400, 'INVALID_LIMIT', `limit must be an integer between 1 and ${max}`);
    let start = 0;
    if (after !== undefined) {
      const afterKey = decodeCursor(after);
      const at = items.findIndex((i) => keyOf(i) === afterKey);
      start = at < 0 ? items.findIndex((i) => keyOf(i) > afterKey) : at + 1;
      if (start < 0) start = items.length;
    }
    const slice = items.slice(start, start + limit);
    const last = slice[slice.length - 1];
    const more = start + limit < items.length;
    // Like Forge, metadata comes back only when the query asked for it.
    const fields = Array.isArray(metadata) ? (metadata as string[]) : [];
    const data = slice.map((i) => {
      const d = this.describe(i);
      return {
        key: d.key,
        value: d.value,
        ...(fields.includes('CREATED_AT') ? { createdAt: d.createdAt } : {}),
        ...(fields.includes('UPDATED_AT') ? { updatedAt: d.updatedAt } : {}),
        ...(d.expireTime !== undefined ? { expireTime: d.expireTime } : {}),
      };
    });
    return { status: 200, body: { data, ...(more && last ? { cursor: encodeCursor(keyOf(last)) } : {}) } };
  }

  private query(body: Body): KvsReply {
    const where = (body.where ?? []) as Condition[];
    for (const w of where) {
      if (w.property !== 'key' || w.condition !== 'BEGINS_WITH') return fail(400, 'INVALID_QUERY', 'query supports only where("key", beginsWith(prefix))');
    }
    const items = [...this.plain.values()]
      .filter((i) => this.live(i) && where.every((w) => matches(i.key, w)))
      .sort((a, b) => compare(a.key, b.key));
    return this.page(items, body.limit, KVS_LIMITS.maxQueryLimit, body.after as string | undefined, (i) => i.key, (body.options as { metadataFields?: unknown } | undefined)?.metadataFields);
  }

  private queryEntity(body: Body): KvsReply {
    const name = body.entityName as string;
    const map = this.entity(name);
    const indexName = body.indexName;
    const index = this.options.entities?.[name]?.find((i) => i.name === indexName);
    if (!index) return fail(400, 'INDEX_NOT_FOUND', `entity "${name}" has no index "${String(indexName)}"`);
    const partition = (body.partition ?? []) as unknown[];
    if (partition.length !== index.partition.length) {
      return fail(400, 'INVALID_PARTITION', `index "${index.name}" needs ${index.partition.length} partition value(s)`);
    }
    const rangeAttr = index.range[0] ?? index.name;
    const range = body.range as Condition | undefined;
    const sortKey = (i: Item) => `${String(attr(i.value, rangeAttr))}\u0000${i.key}`;
    const items = [...map.values()]
      .filter((i) => this.live(i))
      .filter((i) => index.partition.every((p, n) => attr(i.value, p) === partition[n]))
      .filter((i) => attr(i.value, rangeAttr) !== undefined)
      .filter((i) => !range || matches(attr(i.value, rangeAttr), { ...range, property: rangeAttr }))
      .filter((i) => matchesFilters(i.value, body.filters as never))
      .sort((a, b) => compare(attr(a.value, rangeAttr), attr(b.value, rangeAttr)) || compare(a.key, b.key));
    if (body.sort === 'DESC') items.reverse();
    const metadata = (body.options as { metadataFields?: unknown } | undefined)?.metadataFields ?? body.metadataFields;
    return this.page(items, body.limit, KVS_LIMITS.maxEntityQueryLimit, body.cursor as string | undefined, sortKey, metadata);
  }

  private batch(body: unknown, op: (item: Body) => KvsReply): KvsReply {
    if (!Array.isArray(body)) return fail(400, 'INVALID_BATCH', 'batch body must be an array');
    const successfulKeys: Body[] = [];
    const failedKeys: Body[] = [];
    for (const item of body as Body[]) {
      const ref = { key: item.key, ...(item.entityName !== undefined ? { entityName: item.entityName } : {}) };
      const r = this.handleOne(() => op(item));
      if (r.status < 300 || r.status === 404) successfulKeys.push(ref);
      else failedKeys.push({ ...ref, error: r.body });
    }
    return { status: 200, body: { successfulKeys, failedKeys } };
  }

  private batchGet(body: unknown): KvsReply {
    if (!Array.isArray(body)) return fail(400, 'INVALID_BATCH', 'batch body must be an array');
    const successfulKeys: Body[] = [];
    const failedKeys: Body[] = [];
    for (const item of body as Body[]) {
      const r = this.handleOne(() => this.get(this.mapFor(item), item));
      const ref = { key: item.key, ...(item.entityName !== undefined ? { entityName: item.entityName } : {}) };
      if (r.status === 200) successfulKeys.push({ ...ref, ...(r.body as Body) });
      else failedKeys.push({ ...ref, error: r.body });
    }
    return { status: 200, body: { successfulKeys, failedKeys } };
  }

  /** Runs one operation, answering a KvsError as Forge answers it. */
  private handleOne(op: () => KvsReply): KvsReply {
    try {
      return op();
    } catch (e) {
      if (e instanceof KvsError) return { status: e.status, body: { code: e.code, message: e.message } };
      throw e;
    }
  }

  private transact(body: Body): KvsReply {
    const sets = (body.set ?? []) as Body[];
    const deletes = (body.delete ?? []) as Body[];
    const checks = (body.check ?? []) as Body[];
    const total = sets.length + deletes.length + checks.length;
    if (total === 0) return fail(400, 'INVALID_TRANSACTION', 'a transaction needs at least one operation');
    if (total > KVS_LIMITS.maxTransactionOps) return fail(400, 'INVALID_TRANSACTION', `a transaction holds at most ${KVS_LIMITS.maxTransactionOps} operations`);
    const seen = new Set<string>();
    for (const op of [...sets, ...deletes, ...checks]) {
      const id = `${String(op.entityName ?? '')}/${checkKey(op.key)}`;
      if (seen.has(id)) return fail(400, 'INVALID_TRANSACTION', `key "${String(op.key)}" appears twice in one transaction`);
      seen.add(id);
    }
    // All conditions are checked before anything is written: all or nothing.
    for (const op of [...sets, ...deletes, ...checks]) {
      if (!op.conditions) continue;
      const item = this.mapFor(op).get(op.key as string);
      const value = this.live(item) ? item.value : undefined;
      if (!matchesFilters(value ?? {}, op.conditions as never)) {
        return fail(409, 'CONDITION_FAILED', `transaction condition failed for key "${String(op.key)}"`);
      }
    }
    for (const op of sets) checkValue(op.value);
    for (const op of sets) this.set(this.mapFor(op), op);
    for (const op of deletes) this.mapFor(op).delete(op.key as string);
    return { status: 204 };
  }
}
