import { maskCredentials } from '../../../platform/forge/egress-fetch';

describe('the sandbox egress log keeps no credentials', () => {
  it.each([
    ['a client-credentials token request', 'grant_type=client_credentials&client_id=app-1&client_secret=Sup3r-S3cret-Value', 'Sup3r-S3cret-Value'],
    ['a signed-assertion token request', 'client_assertion_type=urn%3Ajwt&client_assertion=eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl', 'eyJhbGciOiJSUzI1NiJ9'],
    ['a JSON body with a token', '{"channel":"#ops","token":"xoxb-1234-5678-abcdef"}', 'xoxb-1234-5678-abcdef'],
  ])('masks %s', (_what, body, secret) => {
    const masked = maskCredentials(body);
    expect(masked).not.toContain(secret);
    expect(masked).toContain('redacted');
  });

  it('keeps what is not secret, so the log still shows what was asked', () => {
    expect(maskCredentials('grant_type=client_credentials&client_id=app-1&client_secret=x')).toContain('client_id=app-1');
    expect(JSON.parse(maskCredentials('{"groupId":"grp-1","userId":"u-2"}'))).toEqual({ groupId: 'grp-1', userId: 'u-2' });
  });
});
