// What `opsenic hold` uses of the container.
import type { HoldsService } from './holds.service.js';

export interface HoldsDeps {
  services: { holds: HoldsService };
}
