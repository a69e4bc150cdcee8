// What the cookie policy routes use of the container: the config, from which the cookie list and consent follow.
import type { Config } from '../../config.js';

export interface CookiesDeps {
  config: Config;
}
