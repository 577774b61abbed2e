/**
 * Builds the `global.__forge_runtime__` object (type ForgeRuntime of @forge/api 8.3,
 * out/api/runtime.d.ts) for one invocation. @forge/api reads it on every call through
 * `__getRuntime()`; @forge/kvs reads `kvs.url/host` and `proxy.token` once at import.
 */
import type { ForgeRuntime } from '@forge/api/out/api/runtime';

export interface InvocationIdentity {
  appId: string;
  environmentId: string;
  appVersion: string;
  cloudId: string;
  functionKey: string;
  moduleKey: string;
  moduleType: string;
  invocationId: string;
  accountId?: string;
  /** Remaining time is computed from the emulated clock against the module's invocation limit. */
  deadline: number;
  now: () => number;
  scopes: string[];
  egress: string[];
}

const noopMetrics: ForgeRuntime['metrics'] = {
  timing: () => ({ measure: () => ({ stop: () => undefined }) }),
  counter: () => ({ incr: () => undefined, incrBy: () => undefined, decr: () => undefined, decrBy: () => undefined }),
  gauge: () => ({ set: () => undefined }),
};

/** The runtime object Forge would install for this invocation. */
export function buildForgeRuntime(id: InvocationIdentity): ForgeRuntime {
  const appUuid = id.appId.replace(/^ari:cloud:ecosystem::app\//, '');
  return {
    proxy: { token: 'local-sandbox-token', url: 'http://forge-proxy.local', host: 'forge-proxy.local' },
    contextAri: `ari:cloud:jira::site/${id.cloudId}`,
    container: { runtime: 'nodejs22.x', handler: id.functionKey },
    appContext: {
      appId: appUuid,
      appVersion: id.appVersion,
      environmentId: id.environmentId,
      environmentType: 'DEVELOPMENT',
      invocationId: id.invocationId,
      installationId: `${appUuid}-install`,
      functionKey: id.functionKey,
      moduleType: id.moduleType,
      moduleKey: id.moduleKey,
      permissions: { scopes: id.scopes, external: { fetch: { backend: id.egress } } } as never,
    },
    ...(id.accountId ? { aaid: id.accountId } : {}),
    lambdaContext: { awsRequestId: id.invocationId, getRemainingTimeInMillis: () => Math.max(0, id.deadline - id.now()) },
    tracing: { traceId: id.invocationId.replace(/-/g, '').slice(0, 16), spanId: id.invocationId.replace(/-/g, '').slice(16, 32) },
    realtime: {},
    metrics: noopMetrics,
    kvs: { url: 'http://kvs.local', host: 'kvs.local' },
    featureFlags: () => false,
  };
}
