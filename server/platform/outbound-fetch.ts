// Every outbound HTTP call of the server goes through this fetch, which honours HTTPS_PROXY,
// HTTP_PROXY and NO_PROXY (and their lowercase forms), as customer IT expects of a server whose egress
// goes through a proxy. Why undici's EnvHttpProxyAgent: it is Node's own HTTP client, implements the
// usual proxy variables (NO_PROXY lists, ports, wildcards), and Node 20's global fetch ignores them.
import { EnvHttpProxyAgent, fetch as undiciFetch } from 'undici';

export type OutboundFetch = (url: string | URL, init?: RequestInit) => Promise<Response>;

/** A fetch through the proxy the environment names (read now: pass the env to test with a local proxy). */
export function createOutboundFetch(env: NodeJS.ProcessEnv = process.env): OutboundFetch {
  const pick = (name: string) => env[name] ?? env[name.toLowerCase()];
  const agent = new EnvHttpProxyAgent({ httpProxy: pick('HTTP_PROXY'), httpsProxy: pick('HTTPS_PROXY'), noProxy: pick('NO_PROXY') });
  return (url, init) => undiciFetch(url, { ...(init as object), dispatcher: agent } as Parameters<typeof undiciFetch>[1]) as unknown as Promise<Response>;
}
