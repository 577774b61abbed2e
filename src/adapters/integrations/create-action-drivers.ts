import type { ActionDrivers } from '../../ports/integrations';
import { GraphDriver } from './graph-driver';
import type { FetchLike } from './http-request';
import { OktaDriver } from './okta-driver';
import { SlackDriver } from './slack-driver';
import { WebhookDriver } from './webhook-driver';

export interface DriverDeps {
  /** @forge/api `fetch` in production; a stand-in-bound fetch in tests. */
  readonly fetch: FetchLike;
  readonly now: () => number;
}

/** One driver per connection kind, sharing the injected fetch and clock (and their token caches). */
export function createActionDrivers(deps: DriverDeps): { drivers: ActionDrivers; graph: GraphDriver; okta: OktaDriver } {
  const graph = new GraphDriver(deps);
  const okta = new OktaDriver(deps);
  return { drivers: { entra: graph, okta, slack: new SlackDriver(deps), webhook: new WebhookDriver(deps) }, graph, okta };
}
