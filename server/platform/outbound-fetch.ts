// Every outbound HTTP call of the server goes through this fetch, which honours HTTPS_PROXY,
// HTTP_PROXY and NO_PROXY (and their lowercase forms), as customer IT expects of a server whose egress
// goes through a proxy. Why undici's EnvHttpProxyAgent: it is Node's own HTTP client, implements the
// usual proxy variables (NO_PROXY lists, ports, wildcards), and Node 20's global fetch ignores them.
//
// undici is loaded at the first outbound call, not at start-up: most servers never make one (only
// single sign-on does), and the package holds 10-25 MB of every replica's memory once loaded.
import type { EnvHttpProxyAgent, fetch as UndiciFetch } from 'undici';

export type OutboundFetch = (url: string | URL, init?: RequestInit) => Promise<Response>;

/** A fetch through the proxy the environment names (read now: pass the env to test with a local proxy). */
export function createOutboundFetch(env: NodeJS.ProcessEnv = process.env): OutboundFetch {
  const pick = (name: string) => env[name] ?? env[name.toLowerCase()];
  const proxies = { httpProxy: pick('HTTP_PROXY'), httpsProxy: pick('HTTPS_PROXY'), noProxy: pick('NO_PROXY') };
  let client: Promise<{ fetch: typeof UndiciFetch; agent: EnvHttpProxyAgent }> | undefined;
  return async (url, init) => {
    client ??= import('undici').then((undici) => ({ fetch: undici.fetch, agent: new undici.EnvHttpProxyAgent(proxies) }));
    const { fetch, agent } = await client;
    return fetch(url, { ...(init as object), dispatcher: agent } as Parameters<typeof UndiciFetch>[1]) as unknown as Promise<Response>;
  };
}
