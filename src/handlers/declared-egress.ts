import { GRAPH_ORIGIN } from '../domain/integrations/connection-config';

/**
 * Egress origins a connection may point at. Must mirror `permissions.external.fetch.backend` in
 * manifest.yml: Forge blocks any other host anyway, this only turns that into a clear message.
 */
export const DECLARED_EGRESS_ORIGINS: readonly string[] = [
  'https://login.microsoftonline.com',
  GRAPH_ORIGIN,
  'https://*.okta.com',
  'https://slack.com',
  'https://hooks.example.com',
];
