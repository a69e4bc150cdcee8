// The cookie registry as a service: what is registered, and what was set without being registered
// (logged as an error and kept for the tests, which fail on any).
import type { Config } from '../../config.js';
import type { Logger } from '../../platform/logger.js';
import { cookieRegistry, registeredCookieNames, type CookieEntry } from './cookies.registry.js';

export interface CookieViolation {
  name: string;
  route: string;
  at: number;
}

export class CookiesService {
  readonly violations: CookieViolation[] = [];
  private readonly names: Set<string>;

  constructor(
    private readonly config: Config,
    private readonly logger: Logger,
  ) {
    this.names = registeredCookieNames(config);
  }

  registry(): CookieEntry[] {
    return cookieRegistry(this.config);
  }

  isRegistered(name: string): boolean {
    return this.names.has(name);
  }

  reportUnregistered(name: string, route: string): void {
    if (this.violations.length < 100) this.violations.push({ name, route, at: Date.now() });
    this.logger.error({ cookie: name, route }, `a response set the cookie "${name}", which is not in the cookie registry (server/components/cookies/cookies.registry.ts): register it with its purpose, category and lifetime`);
  }
}
