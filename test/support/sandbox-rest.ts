/** REST calls to a running sandbox as a seeded user (basic auth by email, as curl would), or anonymously. */
import type { Sandbox } from '../../platform/sandbox/start-sandbox';

const httpFetch = globalThis.fetch.bind(globalThis);

const basicAuth = (email: string): string => `Basic ${Buffer.from(`${email}:anything`).toString('base64')}`;

/** `email` undefined sends no authorization header (an anonymous caller). */
export async function sandboxRest(sandbox: Sandbox, method: string, path: string, email: string | undefined, body?: unknown): Promise<{ status: number; json: unknown }> {
  const response = await httpFetch(sandbox.url + path, {
    method,
    headers: { 'content-type': 'application/json', ...(email !== undefined ? { authorization: basicAuth(email) } : {}) },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const text = await response.text();
  return { status: response.status, json: text ? (JSON.parse(text) as unknown) : undefined };
}
