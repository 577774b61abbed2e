import { interpretGraphResponse, interpretOktaResponse, interpretSlackResponse, interpretWebhookResponse, type GraphContext, type OktaContext } from '../../../../src/domain/integrations/provider-responses';
import type { Classification } from '../../../../src/domain/integrations/response-classification';

const graphError = (code: string, message: string) => ({ error: { code, message } });
const G = 'g-123';
const U = 'u-456';

type Expect = Partial<{ kind: Classification['kind']; code: string; note: string; retryAfterMs: number; reason: RegExp }>;

function check(result: Classification, expected: Expect) {
  expect(result.kind).toBe(expected.kind);
  if (expected.code !== undefined) expect(result).toMatchObject({ code: expected.code });
  if (expected.note !== undefined) expect(result).toMatchObject({ note: expected.note });
  if (expected.retryAfterMs !== undefined) expect(result).toMatchObject({ retryAfterMs: expected.retryAfterMs });
  if (expected.reason !== undefined) expect('reason' in result ? result.reason : '').toMatch(expected.reason);
}

describe('Microsoft Graph responses', () => {
  const table: Array<[string, number, unknown, GraphContext, number | undefined, Expect]> = [
    ['204 add', 204, null, { operation: 'addMember', groupId: G, user: U }, undefined, { kind: 'ok' }],
    ['400 already a member', 400, graphError('Request_BadRequest', "One or more added object references already exist for the following modified properties: 'members'."), { operation: 'addMember', groupId: G, user: U }, undefined, { kind: 'ok', note: 'already-member' }],
    ['400 other', 400, graphError('Request_BadRequest', 'Invalid URL format'), { operation: 'addMember', groupId: G, user: U }, undefined, { kind: 'permanent', code: 'rejected', reason: /Invalid URL format/ }],
    ['404 remove naming the member', 404, graphError('Request_ResourceNotFound', `Resource '${U}' does not exist`), { operation: 'removeMember', groupId: G, user: U }, undefined, { kind: 'ok', note: 'not-member' }],
    ['404 remove naming the group', 404, graphError('Request_ResourceNotFound', `Resource '${G}' does not exist`), { operation: 'removeMember', groupId: G, user: U }, undefined, { kind: 'permanent', code: 'group-not-found' }],
    ['404 add naming the group', 404, graphError('Request_ResourceNotFound', `Resource '${G}' does not exist`), { operation: 'addMember', groupId: G, user: U }, undefined, { kind: 'permanent', code: 'group-not-found' }],
    ['404 add naming the user', 404, graphError('Request_ResourceNotFound', `Resource '${U}' does not exist`), { operation: 'addMember', groupId: G, user: U }, undefined, { kind: 'permanent', code: 'user-not-found' }],
    ['404 get user', 404, graphError('Request_ResourceNotFound', 'x'), { operation: 'getUser', user: 'a@b.c' }, undefined, { kind: 'permanent', code: 'user-not-found', reason: /a@b\.c/ }],
    ['403', 403, graphError('Authorization_RequestDenied', 'Insufficient privileges to complete the operation.'), { operation: 'addMember', groupId: G, user: U }, undefined, { kind: 'permanent', code: 'forbidden', reason: /Insufficient privileges/ }],
    ['429 with hint', 429, graphError('TooManyRequests', ''), { operation: 'getUser' }, 5000, { kind: 'transient', retryAfterMs: 5000 }],
    ['503', 503, graphError('serviceNotAvailable', ''), { operation: 'getUser' }, undefined, { kind: 'transient' }],
    ['502', 502, '', { operation: 'getUser' }, undefined, { kind: 'transient' }],
    ['504', 504, null, { operation: 'removeMember', groupId: G, user: U }, undefined, { kind: 'transient' }],
    ['token 401 invalid_client', 401, { error: 'invalid_client', error_description: 'AADSTS7000215: Invalid client secret provided.\r\nTrace ID: x' }, { operation: 'token' }, undefined, { kind: 'permanent', code: 'unauthorized', reason: /AADSTS7000215: Invalid client secret provided\.\]$/ }],
    ['token 400 unknown tenant', 400, { error: 'invalid_request', error_description: "AADSTS90002: Tenant 't' not found." }, { operation: 'token' }, undefined, { kind: 'permanent', code: 'unauthorized', reason: /AADSTS90002/ }],
    ['token 503', 503, null, { operation: 'token' }, undefined, { kind: 'transient' }],
  ];
  it.each(table)('%s', (_label, status, body, ctx, retryAfterMs, expected) => {
    check(interpretGraphResponse({ status, body, ...(retryAfterMs !== undefined ? { retryAfterMs } : {}) }, ctx), expected);
  });
});

describe('Okta responses', () => {
  const err = (errorCode: string, errorSummary: string) => ({ errorCode, errorSummary });
  const table: Array<[string, number, unknown, OktaContext, Expect]> = [
    ['204 add', 204, null, { operation: 'addMember' }, { kind: 'ok' }],
    ['404 group', 404, err('E0000007', 'Not found: Resource not found: 00g1 (UserGroup)'), { operation: 'addMember', groupId: '00g1' }, { kind: 'permanent', code: 'group-not-found' }],
    ['404 user', 404, err('E0000007', 'Not found: Resource not found: 00u1 (User)'), { operation: 'removeMember', user: '00u1' }, { kind: 'permanent', code: 'user-not-found' }],
    ['403', 403, err('E0000006', 'You do not have permission to perform the requested action'), { operation: 'addMember' }, { kind: 'permanent', code: 'forbidden', reason: /E0000006/ }],
    ['401', 401, err('E0000011', 'Invalid token provided'), { operation: 'getUser' }, { kind: 'permanent', code: 'unauthorized' }],
    ['400 app group', 400, err('E0000001', 'Api validation failed'), { operation: 'addMember' }, { kind: 'permanent', code: 'invalid-request', reason: /OKTA_GROUP/ }],
    ['429', 429, err('E0000047', 'API call exceeded rate limit'), { operation: 'addMember' }, { kind: 'transient' }],
    ['503', 503, null, { operation: 'getUser' }, { kind: 'transient' }],
    ['token invalid_client', 401, { error: 'invalid_client', error_description: 'The client_assertion signature is invalid.' }, { operation: 'token' }, { kind: 'permanent', code: 'unauthorized', reason: /client assertion/ }],
  ];
  it.each(table)('%s', (_label, status, body, ctx, expected) => {
    check(interpretOktaResponse({ status, body }, ctx), expected);
  });
});

describe('Slack responses', () => {
  const table: Array<[string, number, unknown, Expect]> = [
    ['ok', 200, { ok: true, ts: '1.2' }, { kind: 'ok' }],
    ['channel_not_found', 200, { ok: false, error: 'channel_not_found' }, { kind: 'permanent', code: 'channel-not-found' }],
    ['not_in_channel', 200, { ok: false, error: 'not_in_channel' }, { kind: 'permanent', code: 'forbidden', reason: /invite/ }],
    ['invalid_auth', 200, { ok: false, error: 'invalid_auth' }, { kind: 'permanent', code: 'unauthorized' }],
    ['unknown error', 200, { ok: false, error: 'something_new' }, { kind: 'permanent', code: 'rejected', reason: /something_new/ }],
    ['ratelimited as 429', 429, { ok: false, error: 'ratelimited' }, { kind: 'transient', reason: /rate limiting/ }],
    ['ratelimited as 200', 200, { ok: false, error: 'ratelimited' }, { kind: 'transient' }],
    ['internal_error', 200, { ok: false, error: 'internal_error' }, { kind: 'transient' }],
    ['HTTP 503', 503, '', { kind: 'transient' }],
  ];
  it.each(table)('%s', (_label, status, body, expected) => {
    check(interpretSlackResponse({ status, body }), expected);
  });
});

describe('webhook receiver responses', () => {
  it.each([
    [200, 'ok'],
    [202, 'ok'],
    [409, 'ok'],
    [401, 'permanent'],
    [410, 'permanent'],
    [429, 'transient'],
    [503, 'transient'],
  ] as const)('%i is %s', (status, kind) => {
    expect(interpretWebhookResponse({ status, body: null }).kind).toBe(kind);
  });
});
