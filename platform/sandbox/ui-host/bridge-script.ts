/**
 * The Custom UI bridge as a browser script: what Jira's host frame provides to a Forge app's
 * iframe, for the sandbox. `@forge/bridge` calls `globalThis.__bridge.callBridge(command, payload)`;
 * this answers `invoke` by POSTing to the sandbox's `/_sandbox/bridge/invoke` (same origin, via the
 * UI host) and `getContext` from the page's query string:
 *   ?as=<accountId>&issue=<KEY>   (issue panel)   ?as=<accountId>&request=<KEY>   (portal)
 * The module key is fixed per page by the UI host.
 */
export function renderBridgeScript(moduleKey: string, moduleType: string): string {
  const config = JSON.stringify({ moduleKey, moduleType });
  return `(function () {
  var config = ${config};
  var params = new URLSearchParams(window.location.search);
  var accountId = params.get('as') || undefined;
  var extension = { type: config.moduleType };
  if (params.get('issue')) extension.issue = { key: params.get('issue') };
  if (params.get('request')) extension.request = { key: params.get('request') };
  var context = {
    accountId: accountId,
    cloudId: 'sandbox',
    siteUrl: window.location.origin,
    environmentType: 'DEVELOPMENT',
    moduleKey: config.moduleKey,
    localId: config.moduleKey + '-local',
    locale: 'en-US',
    timezone: 'UTC',
    extension: extension
  };
  async function invoke(payload) {
    var response = await fetch('/_sandbox/bridge/invoke', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ functionKey: payload.functionKey, payload: payload.payload || {}, accountId: accountId, moduleKey: config.moduleKey, extension: extension })
    });
    var body = await response.json().catch(function () { return {}; });
    // Forge rejects the invoke promise when the function fails; the page never sees its stack.
    if (!response.ok) throw new Error((body && body.error && body.error.message) || 'The resolver failed');
    return body.result;
  }
  globalThis.__bridge = {
    callBridge: function (command, payload) {
      if (command === 'invoke') return invoke(payload);
      if (command === 'getContext') return Promise.resolve(context);
      return Promise.resolve(undefined);
    }
  };
})();
`;
}
