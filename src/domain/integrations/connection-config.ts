import { z } from 'zod';
import type { ConnectionKind } from '../workflows/workflow-types';

/**
 * Connection configuration as an admin enters it. Strict: unknown keys are errors, so a typo in a
 * field name never silently drops a setting. Secrets are NOT part of it (see connection-secrets.ts).
 */

/** The scopes an admin may grant each kind of connection: its ceiling is a subset of these. */
export const SCOPES_BY_KIND = {
  entra: ['users.read', 'groups.read', 'groupMembership.write'],
  okta: ['users.read', 'groups.read', 'groupMembership.write'],
  slack: ['chat.write'],
  webhook: ['post'],
} as const satisfies Record<ConnectionKind, readonly string[]>;

export type ConnectionScope = (typeof SCOPES_BY_KIND)[ConnectionKind][number];

/** Fixed: the app only ever talks to the public Microsoft identity platform and Graph. */
export const ENTRA_AUTHORITY_HOST = 'https://login.microsoftonline.com';
export const GRAPH_ORIGIN = 'https://graph.microsoft.com';
export const SLACK_ORIGIN = 'https://slack.com';

const GUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;
const TENANT_DOMAIN = /^[a-z0-9][a-z0-9-]{0,62}(\.[a-z0-9][a-z0-9-]{0,62})+$/i;
const OKTA_ORG_URL = /^https:\/\/[a-z0-9][a-z0-9-]{0,62}\.(okta|oktapreview)\.com$/;
const SLACK_CHANNEL = /^(#[a-z0-9][a-z0-9_-]{0,79}|[CG][A-Z0-9]{8,20})$/;
const HEADER_NAME = /^[A-Za-z0-9][A-Za-z0-9-]{0,63}$/;

export const connectionIdSchema = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{1,62}$/, 'must be 2–63 lowercase letters, digits or dashes (for example entra-main)');

const nameSchema = z.string().trim().min(1, 'must not be empty').max(100, 'must be at most 100 characters');

function ceilingSchema<const S extends readonly [string, ...string[]]>(scopes: S) {
  return z
    // An empty ceiling is allowed: the connection stays configured but may do nothing (a kill switch).
    .array(z.enum(scopes))
    .refine((list) => new Set(list).size === list.length, 'lists a scope twice');
}

export const entraConnectionSchema = z.strictObject({
  kind: z.literal('entra'),
  id: connectionIdSchema,
  name: nameSchema,
  tenantId: z
    .string()
    .refine((v) => GUID.test(v) || TENANT_DOMAIN.test(v), 'must be the directory (tenant) id GUID or a verified domain such as contoso.onmicrosoft.com'),
  clientId: z.string().regex(GUID, 'must be the application (client) id GUID of the app registration'),
  authorityHost: z.literal(ENTRA_AUTHORITY_HOST).default(ENTRA_AUTHORITY_HOST),
  scopes: ceilingSchema(SCOPES_BY_KIND.entra),
});

export const oktaAuthSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('api-token') }),
  z.strictObject({
    type: z.literal('oauth'),
    clientId: z.string().regex(/^[A-Za-z0-9]{10,64}$/, 'must be the client id of the Okta service app'),
    privateKeyId: z.string().regex(/^[A-Za-z0-9_-]{1,128}$/, 'must be the key id (kid) registered on the service app'),
  }),
]);

export const oktaConnectionSchema = z.strictObject({
  kind: z.literal('okta'),
  id: connectionIdSchema,
  name: nameSchema,
  orgUrl: z.string().regex(OKTA_ORG_URL, 'must be https://<org>.okta.com or https://<org>.oktapreview.com, without a path'),
  auth: oktaAuthSchema,
  scopes: ceilingSchema(SCOPES_BY_KIND.okta),
});

export const slackConnectionSchema = z.strictObject({
  kind: z.literal('slack'),
  id: connectionIdSchema,
  name: nameSchema,
  defaultChannel: z.string().regex(SLACK_CHANNEL, 'must be a channel name like #access-requests or a channel id like C0123456789'),
  scopes: ceilingSchema(SCOPES_BY_KIND.slack),
});

export const webhookConnectionSchema = z.strictObject({
  kind: z.literal('webhook'),
  id: connectionIdSchema,
  name: nameSchema,
  url: z
    .string()
    .refine((v) => isPlainHttpsUrl(v), 'must be an https URL without credentials or fragment (for example https://hooks.example.com/approvals)'),
  signatureHeader: z.string().regex(HEADER_NAME, 'must be an HTTP header name').default('X-Signature'),
  scopes: ceilingSchema(SCOPES_BY_KIND.webhook),
});

export const connectionConfigSchema = z.discriminatedUnion('kind', [
  entraConnectionSchema,
  oktaConnectionSchema,
  slackConnectionSchema,
  webhookConnectionSchema,
]);

export type EntraConnection = z.infer<typeof entraConnectionSchema>;
export type OktaConnection = z.infer<typeof oktaConnectionSchema>;
export type SlackConnection = z.infer<typeof slackConnectionSchema>;
export type WebhookConnection = z.infer<typeof webhookConnectionSchema>;
export type ConnectionConfig = z.infer<typeof connectionConfigSchema>;

/** The https origin a connection sends requests to (the host that must be declared as egress). */
export function describeConnectionOrigins(connection: ConnectionConfig): string[] {
  switch (connection.kind) {
    case 'entra':
      return [connection.authorityHost, GRAPH_ORIGIN];
    case 'okta':
      return [connection.orgUrl];
    case 'slack':
      return [SLACK_ORIGIN];
    case 'webhook':
      return [new URL(connection.url).origin];
  }
}

function isPlainHttpsUrl(value: string): boolean {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return false;
  }
  return url.protocol === 'https:' && url.username === '' && url.password === '' && url.hash === '' && url.hostname.includes('.');
}

/** Whether an origin is declared as egress (`https://host` or `https://*.suffix` entries). */
export function isOriginDeclared(origin: string, declared: readonly string[]): boolean {
  const host = new URL(origin).host;
  return declared.some((entry) => {
    const match = /^https:\/\/(\*\.)?([^/]+)\/?$/.exec(entry);
    if (match === null) return false;
    return match[1] !== undefined ? host.endsWith(`.${match[2]}`) : host === match[2];
  });
}
