/**
 * A fetch that sends requests for a real origin (https://graph.microsoft.com) to its loopback
 * stand-in, keeping path, query, method, headers and body: the app's URLs never change.
 * Unknown origins are refused, as Forge's egress proxy refuses undeclared hosts.
 */
export function hostMappedFetch(origins: Readonly<Record<string, string>>, baseFetch: typeof fetch = fetch): typeof fetch {
  return (async (input: string | URL | Request, init?: RequestInit) => {
    const url = new URL(typeof input === 'string' || input instanceof URL ? input.toString() : input.url);
    const target = origins[url.origin];
    if (target === undefined) throw new Error(`No stand-in for ${url.origin}; declared: ${Object.keys(origins).join(', ')}`);
    return baseFetch(`${target}${url.pathname}${url.search}`, init);
  }) as typeof fetch;
}
