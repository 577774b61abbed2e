import { z } from 'zod';
import type { ConnectionConfig } from './connection-config';

/**
 * Write-only credentials of a connection. They go to secret storage and nowhere else: never into
 * the stored config, resolver responses, the audit trail or logs.
 */

export const entraSecretsSchema = z.strictObject({
  clientSecret: z.string().min(8, 'must be the client secret value of the app registration').max(1024),
});
export const oktaApiTokenSecretsSchema = z.strictObject({
  apiToken: z.string().min(20, 'must be an Okta API token').max(1024),
});
export const oktaOauthSecretsSchema = z.strictObject({
  privateKey: z
    .string()
    .max(16_384)
    .refine((v) => /-----BEGIN (RSA )?PRIVATE KEY-----/.test(v), 'must be a PEM private key (-----BEGIN PRIVATE KEY-----)'),
});
export const slackSecretsSchema = z.strictObject({
  botToken: z.string().regex(/^xoxb-[A-Za-z0-9-]{10,}$/, 'must be a Slack bot token (xoxb-...)'),
});
export const webhookSecretsSchema = z.strictObject({
  signingSecret: z.string().min(16, 'must be at least 16 characters').max(1024),
});

export type EntraSecrets = z.infer<typeof entraSecretsSchema>;
export type OktaApiTokenSecrets = z.infer<typeof oktaApiTokenSecretsSchema>;
export type OktaOauthSecrets = z.infer<typeof oktaOauthSecretsSchema>;
export type SlackSecrets = z.infer<typeof slackSecretsSchema>;
export type WebhookSecrets = z.infer<typeof webhookSecretsSchema>;

/** Secret values keyed by field name, as kept in secret storage. */
export type ConnectionSecrets = Readonly<Record<string, string>>;

/** The schema the secrets of this connection must satisfy. */
export function selectSecretsSchema(connection: ConnectionConfig): z.ZodType<ConnectionSecrets> {
  switch (connection.kind) {
    case 'entra':
      return entraSecretsSchema;
    case 'okta':
      return connection.auth.type === 'api-token' ? oktaApiTokenSecretsSchema : oktaOauthSecretsSchema;
    case 'slack':
      return slackSecretsSchema;
    case 'webhook':
      return webhookSecretsSchema;
  }
}
