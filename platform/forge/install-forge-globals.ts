/**
 * THE one place that installs the globals the real @forge/* packages talk to:
 *   - `global.__forge_fetch__(target, path, init)`: @forge/api's requestJira (target
 *     `{type:'fpp', provider:'app'|'user'|'none', remote:'jira', accountId?}`), queue publish and
 *     GraphQL (`remote:'stargate'`), and @forge/kvs (`{type:'kvs'}`);
 *   - `global.__forge_runtime__`: a getter returning the ForgeRuntime of the invocation in
 *     progress (appContext, lambdaContext, kvs url/host, metrics, tracing);
 *   - `globalThis.fetch`: Forge's egress rules (declared origins only, mapped to stand-ins).
 *
 * ORDERING CONSTRAINT: call this BEFORE the first import of any @forge/* module (and so before the
 * app's src/index.ts). @forge/api captures `globalThis.fetch` when it is first loaded, and
 * @forge/kvs picks its client from `__forge_runtime__` when it is first loaded. In jest each test
 * file has its own module registry: install, then `require()` the app. This module itself must
 * never import @forge/* (type-only imports are erased).
 */
import type { ForgePlatform } from './forge-platform';

interface ForgeGlobals {
  __forge_fetch__?: unknown;
  __forge_runtime__?: unknown;
  fetch: typeof fetch;
}

/** Installs the globals for `platform`; returns a function that restores the previous ones. */
export function installForgeGlobals(platform: ForgePlatform, target: object = globalThis): () => void {
  const g = target as ForgeGlobals;
  const previousFetch = g.fetch;
  const previousRuntime = Object.getOwnPropertyDescriptor(g, '__forge_runtime__');
  const previousForgeFetch = g.__forge_fetch__;
  g.__forge_fetch__ = platform.forgeFetch;
  Object.defineProperty(g, '__forge_runtime__', { configurable: true, enumerable: false, get: () => platform.currentRuntime() });
  g.fetch = platform.egressFetch;
  return () => {
    g.fetch = previousFetch;
    g.__forge_fetch__ = previousForgeFetch;
    if (previousRuntime) Object.defineProperty(g, '__forge_runtime__', previousRuntime);
    else delete g.__forge_runtime__;
  };
}
