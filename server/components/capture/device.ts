// Device type, operating system and browser from the user agent (bowser, MIT). User agents repeat
// a lot, so parses are cached (bounded).
import Bowser from 'bowser';

export interface DeviceTraits {
  deviceType: string | null;
  os: string | null;
  browser: string | null;
}

const cache = new Map<string, DeviceTraits>();
const cacheMax = 2_000;

export function deviceTraits(userAgent: string | undefined | null): DeviceTraits {
  if (!userAgent) return { deviceType: null, os: null, browser: null };
  const cached = cache.get(userAgent);
  if (cached) return cached;
  let traits: DeviceTraits;
  try {
    const parsed = Bowser.parse(userAgent);
    const browser = [parsed.browser.name, parsed.browser.version?.split('.')[0]].filter(Boolean).join(' ');
    const os = [parsed.os.name, parsed.os.versionName ?? parsed.os.version].filter(Boolean).join(' ');
    traits = { deviceType: parsed.platform.type ?? null, os: os.slice(0, 60) || null, browser: browser.slice(0, 60) || null };
  } catch {
    traits = { deviceType: null, os: null, browser: null };
  }
  if (cache.size >= cacheMax) cache.clear();
  cache.set(userAgent, traits);
  return traits;
}

/** Kinds bowser reports (platform.type), each named in the reader's language; another kind shows as given. */
const deviceKinds = new Set(['desktop', 'mobile', 'tablet', 'tv', 'bot']);

/**
 * A device as people read it, the same on every page: "Phone · Safari 17 · iOS 17.4"; null when
 * nothing is known (the page says so in its own words).
 */
export function deviceLabel(t: (key: string) => string, d: DeviceTraits): string | null {
  const kind = d.deviceType ? (deviceKinds.has(d.deviceType) ? t(`capture.deviceKinds.${d.deviceType}`) : d.deviceType) : null;
  return [kind, d.browser, d.os].filter(Boolean).join(' · ') || null;
}
