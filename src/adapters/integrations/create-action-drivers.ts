import type { ActionDrivers } from '../../ports/integrations';
import type { DriverDeps } from './driver-support';
import { GraphDriver } from './graph-driver';
import { OktaDriver } from './okta-driver';
import { SlackDriver } from './slack-driver';
import { WebhookDriver } from './webhook-driver';

/** One driver per connection kind, sharing the injected fetch and clock (and their token caches). */
export function createActionDrivers(deps: DriverDeps): { drivers: ActionDrivers; graph: GraphDriver; okta: OktaDriver } {
  const graph = new GraphDriver(deps);
  const okta = new OktaDriver(deps);
  return { drivers: { entra: graph, okta, slack: new SlackDriver(deps), webhook: new WebhookDriver(deps) }, graph, okta };
}
