/**
 * The parts of manifest.yml the local runtime acts on, read with zod so a malformed manifest fails
 * with the path of the problem. Full schema validation stays with @forge/manifest (scripts/).
 */
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { z } from 'zod';
import type { EntityIndex } from './kvs-store';
import type { AppFieldDeclaration } from './site-port';

const functionSchema = z.object({ key: z.string(), handler: z.string(), timeoutSeconds: z.number().optional() });
const triggerSchema = z.object({
  key: z.string(),
  function: z.string(),
  events: z.array(z.string()).min(1),
  filter: z.object({ ignoreSelf: z.boolean().optional(), expression: z.string().optional() }).loose().optional(),
});
const consumerSchema = z.object({
  key: z.string(),
  queue: z.string(),
  function: z.string().optional(),
  resolver: z.object({ function: z.string(), method: z.string() }).optional(),
});
const scheduledSchema = z.object({ key: z.string(), function: z.string(), interval: z.enum(['fiveMinute', 'hour', 'day', 'week']) });
const webtriggerSchema = z.object({ key: z.string(), function: z.string() });
const entitySchema = z.object({
  name: z.string(),
  attributes: z.record(z.string(), z.object({ type: z.string() })),
  indexes: z.array(z.union([z.string(), z.object({ name: z.string(), range: z.array(z.string()), partition: z.array(z.string()).optional() })])).optional(),
});
const egressEntry = z.union([z.string(), z.object({ address: z.string() }).loose()]);

const manifestSchema = z.object({
  app: z.object({
    id: z.string(),
    storage: z.object({ entities: z.array(entitySchema).optional() }).loose().optional(),
  }).loose(),
  modules: z.record(z.string(), z.array(z.object({ key: z.string() }).loose())).default({}),
  permissions: z
    .object({
      scopes: z.array(z.string()).optional(),
      external: z.object({ fetch: z.object({ backend: z.array(egressEntry).optional() }).loose().optional() }).loose().optional(),
    })
    .loose()
    .optional(),
});

export interface UiModule {
  type: string;
  key: string;
  resolverFunction: string;
}

export interface AppManifest {
  appId: string;
  functions: Map<string, z.infer<typeof functionSchema>>;
  triggers: z.infer<typeof triggerSchema>[];
  consumers: z.infer<typeof consumerSchema>[];
  scheduledTriggers: z.infer<typeof scheduledSchema>[];
  webtriggers: z.infer<typeof webtriggerSchema>[];
  customFields: AppFieldDeclaration[];
  uiModules: UiModule[];
  egress: string[];
  scopes: string[];
  entities: Record<string, EntityIndex[]>;
}

function parseList<T>(schema: z.ZodType<T>, items: unknown[] | undefined, moduleType: string): T[] {
  return (items ?? []).map((item, i) => {
    const r = schema.safeParse(item);
    if (!r.success) {
      const issue = r.error.issues[0];
      throw new Error(`manifest.yml modules.${moduleType}[${i}].${issue?.path.join('.') ?? ''}: ${issue?.message ?? 'invalid'}`);
    }
    return r.data;
  });
}

/** Reads the runtime-relevant model from manifest YAML text. */
export function parseAppManifest(yamlText: string): AppManifest {
  const parsed = manifestSchema.safeParse(parse(yamlText));
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`manifest.yml ${issue?.path.join('.') ?? ''}: ${issue?.message ?? 'invalid'}`);
  }
  const { app, modules, permissions } = parsed.data;
  const functions = new Map(parseList(functionSchema, modules.function, 'function').map((f) => [f.key, f]));
  const uiModules: UiModule[] = [];
  for (const [type, list] of Object.entries(modules)) {
    for (const m of list) {
      const resolver = (m as { resolver?: { function?: unknown } }).resolver;
      if (type !== 'consumer' && resolver && typeof resolver.function === 'string') uiModules.push({ type, key: m.key, resolverFunction: resolver.function });
    }
  }
  const entities: Record<string, EntityIndex[]> = {};
  for (const e of app.storage?.entities ?? []) {
    entities[e.name] = (e.indexes ?? []).map((ix) =>
      typeof ix === 'string' ? { name: ix, range: [ix], partition: [] } : { name: ix.name, range: ix.range, partition: ix.partition ?? [] },
    );
  }
  const manifest: AppManifest = {
    appId: app.id,
    functions,
    triggers: parseList(triggerSchema, modules.trigger, 'trigger'),
    consumers: parseList(consumerSchema, modules.consumer, 'consumer'),
    scheduledTriggers: parseList(scheduledSchema, modules.scheduledTrigger, 'scheduledTrigger'),
    webtriggers: parseList(webtriggerSchema, modules.webtrigger, 'webtrigger'),
    customFields: (modules['jira:customField'] ?? []) as AppFieldDeclaration[],
    uiModules,
    egress: (permissions?.external?.fetch?.backend ?? []).map((e) => (typeof e === 'string' ? e : e.address)),
    scopes: permissions?.scopes ?? [],
    entities,
  };
  for (const m of [...manifest.triggers, ...manifest.scheduledTriggers, ...manifest.webtriggers]) {
    if (!functions.has(m.function)) throw new Error(`manifest.yml module "${m.key}" names unknown function "${m.function}"`);
  }
  for (const c of manifest.consumers) {
    const fn = c.function ?? c.resolver?.function;
    if (!fn || !functions.has(fn)) throw new Error(`manifest.yml consumer "${c.key}" names unknown function "${String(fn)}"`);
  }
  return manifest;
}

/** Reads and parses a manifest file. */
export function readAppManifest(path: string): AppManifest {
  return parseAppManifest(readFileSync(path, 'utf8'));
}
