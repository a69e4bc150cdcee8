// Observes each request without slowing it: the device and analytics cookies are set up front, and
// when the response has finished the log row, device sighting, page view and usage event are built
// and handed to the buffered writers (capture.service.ts). Excluded paths (health, metrics, static
// files by default) are not observed at all.
import crypto from 'node:crypto';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { CaptureService } from './capture.service.js';
import type { Config } from '../../config.js';
import type { UsageService } from './usage.service.js';
import { html, type SafeHtml } from '../../web/html.js';
import { clientIp } from '../../web/context.js';
import { consentOf, cookieOptions, requestCookies, type ConsentState } from '../cookies/consent.js';
import { analyticsCookieLifetimeMs, analyticsCookieName, deviceCookieLifetimeMs, deviceCookieName } from '../cookies/cookies.registry.js';
import { cookieBanner } from '../cookies/cookies.views.js';
import { captureIp } from './ip.js';
import { deviceTraits } from './device.js';

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    interface Request {
      /** The random id of this browser (device cookie), when devices are recorded. */
      deviceId?: string;
      consent?: ConsentState;
    }
  }
}

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
/** Segments that look like secrets (reset tokens, invitation codes) never reach a stored referrer. */
const tokenSegment = /\/[A-Za-z0-9_-]{24,}(?=\/|$)/g;

/** The route template of the handled request (never the raw URL or query string). */
export function routeTemplate(req: Request): string {
  const path = req.route?.path;
  if (path === undefined) return '(unmatched)';
  return `${req.baseUrl}${String(path)}`.slice(0, 200) || '/';
}

/** Origin and path of the referrer; query string, fragment and token-like segments removed. */
export function cleanReferrer(raw: string | undefined): string | null {
  if (!raw) return null;
  try {
    const url = new URL(raw);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
    return `${url.origin}${url.pathname.replace(tokenSegment, '/<token>')}`.slice(0, 500);
  } catch {
    return null;
  }
}

export function sessionHash(secret: string, sid: string): string {
  return crypto.createHmac('sha256', secret).update(`request-log:${sid}`).digest('hex');
}

const flag = (value: string | undefined): boolean => value === '1';

/**
 * A device's "last seen" is kept to the minute: a browser that keeps sending requests is recorded again
 * only after this long, or at once when it is seen with another account or user agent. Without this,
 * every request wrote a device row next to its log row.
 */
export const deviceSightingIntervalMs = 60_000;

/** Which device sightings to record: the first, then one a minute, and any change of account or user agent (bounded). */
export function deviceSightings(intervalMs = deviceSightingIntervalMs, max = 50_000) {
  const last = new Map<string, { userId: string | null; userAgent: string | null; at: number }>();
  return (deviceId: string, userId: string | null, userAgent: string | null, at: number): boolean => {
    const seen = last.get(deviceId);
    if (seen && seen.userId === userId && seen.userAgent === userAgent && at - seen.at < intervalMs) return false;
    if (!seen && last.size >= max) last.clear();
    last.set(deviceId, { userId, userAgent, at });
    return true;
  };
}

/** The usage event of a page view: the first segment of its route ("home" for /). */
function pageViewEvent(route: string): string {
  const area = route.split('/')[1] || 'home';
  return area.replace(/[^a-z0-9._:-]/g, '-').slice(0, 100) || 'home';
}

/** What the finish listener needs of one request: kept on the response, so no closure is made per request. */
interface Observation {
  started: number;
  /** The browser sent back a device cookie (only such devices are recorded). */
  devicePresented: boolean;
  visitorId: string | undefined;
  gpc: boolean;
}
const observation = Symbol('capture observation');
type ObservedResponse = Response & { [observation]?: Observation };

/** What capture on every request uses of the container. */
export interface CaptureMiddlewareDeps {
  /** The consent rules read the whole config (server/components/cookies/consent.ts). */
  config: Config;
  services: { capture: CaptureService; usage: UsageService };
}

export function captureMiddleware(c: CaptureMiddlewareDeps): RequestHandler {
  const { config } = c;
  const settings = config.capture;
  const capture = c.services.capture;
  const usage = c.services.usage;
  const exclude = settings.logs.exclude;
  const devicesOn = settings.devices.enabled;
  const deviceCookieOn = devicesOn && settings.devices.idCookie;
  /** Session id -> its hash: a signed-in browser sends the same session on every request (bounded). */
  const sessionHashes = new Map<string, string>();
  const hashOfSession = (sid: string): string => {
    let hash = sessionHashes.get(sid);
    if (hash === undefined) {
      hash = sessionHash(config.secretKey, sid);
      if (sessionHashes.size >= 10_000) sessionHashes.clear();
      sessionHashes.set(sid, hash);
    }
    return hash;
  };
  /** Devices whose settings this process received lately: the script is not served to them again. */
  const settingsReported = new Set<string>();
  const shouldRecordDevice = deviceSightings();
  /** Route template -> its usage event (a few dozen routes: no bound needed beyond the route count). */
  const pageViewEvents = new Map<string, string>();
  // The telemetry script tag has two forms (with or without the settings report): made once, and
  // shared by every page with the banner-less common case, rather than rendered per request.
  const telemetryScript = (wantSettings: boolean) => html`<script src="/static/telemetry.js" defer data-crash="${settings.crashes.client ? 'on' : 'off'}" data-settings="${wantSettings ? 'on' : 'off'}"></script>`;
  const plainScript = telemetryScript(false);
  const settingsScript = telemetryScript(true);
  const plainScriptAddon = () => plainScript;
  const settingsScriptAddon = () => settingsScript;
  const scriptOnly: ReadonlyArray<(r: Request) => SafeHtml> = [plainScriptAddon];
  const noAddons: ReadonlyArray<(r: Request) => SafeHtml> = [];

  /** Records the finished request: its log row, device sighting, page views. `this` is the response. */
  function recordFinished(this: ObservedResponse): void {
    const res = this;
    const req = res.req;
    const observed = res[observation];
    if (!observed) return;
    const at = Date.now();
    const user = req.user;
    const route = routeTemplate(req);
    const userAgent = req.headers['user-agent'] ?? null;
    const workspaceId = capture.workspaceFor(user?.workspaceId);
    const logs = settings.logs;
    if (logs.enabled) {
      capture.log({
        workspaceId,
        occurredAt: at,
        method: req.method.slice(0, 10),
        route,
        status: res.statusCode,
        durationMs: performance.now() - observed.started,
        ip: captureIp(clientIp(req), logs.ip),
        referrer: logs.referrer ? cleanReferrer(req.get('referer')) : null,
        userAgent: logs.userAgent && userAgent ? userAgent.slice(0, 512) : null,
        acceptLanguage: logs.acceptLanguage ? (req.headers['accept-language']?.slice(0, 100) ?? null) : null,
        dnt: logs.privacySignals ? flag(req.get('dnt')) : null,
        gpc: logs.privacySignals ? observed.gpc : null,
        userId: logs.user && user ? user.id : null,
        // Only a real session (not a bearer token request's throw-away one) gets a hash.
        sessionHash: logs.user && user && req.session?.userId === user.id && req.sessionID ? hashOfSession(req.sessionID) : null,
        deviceId: req.deviceId ?? null,
        requestId: typeof req.id === 'string' ? req.id.slice(0, 64) : null,
      });
    }
    if (devicesOn && req.deviceId && observed.devicePresented && shouldRecordDevice(req.deviceId, user?.id ?? null, userAgent, at)) {
      capture.sawDevice({ id: req.deviceId, workspaceId, userId: user?.id ?? null, ...deviceTraits(userAgent), userAgent: userAgent?.slice(0, 512) ?? null, seenAt: at });
    }
    const page = req.method === 'GET' && res.statusCode === 200 && route !== '(unmatched)' && !route.startsWith('/api/') && isHtml(res.getHeader('content-type'));
    if (page && observed.visitorId) capture.pageView({ workspaceId, visitorId: observed.visitorId, route, occurredAt: at });
    if (page && user && settings.usage.pageViews) {
      let event = pageViewEvents.get(route);
      if (event === undefined) pageViewEvents.set(route, (event = pageViewEvent(route)));
      usage.recordQuietly({ area: 'application', event, workspaceId: user.workspaceId, userId: user.id });
    }
  }

  return (req: Request, res: Response, next: NextFunction) => {
    const path = req.path;
    for (let i = 0; i < exclude.length; i++) if (path.startsWith(exclude[i]!)) return next();
    const started = performance.now();
    const cookies = requestCookies(req);

    // A device is a browser that keeps our cookie: scripts with a bearer token get none, and a
    // device is recorded only once its cookie comes back (clients that drop cookies add no rows).
    // The cookie is given at sign-in only (issueDeviceCookie): an anonymous visitor gets no
    // long-lived identifier before any consent.
    let devicePresented = false;
    if (deviceCookieOn && req.headers.authorization === undefined) {
      const given = cookies[deviceCookieName];
      if (given && uuidPattern.test(given)) {
        req.deviceId = given;
        devicePresented = true;
      } else {
        (req as IssuableRequest)[deviceCookieIssuable] = true;
      }
    }

    const consent = consentOf(req, config);
    req.consent = consent;
    let visitorId: string | undefined;
    if (settings.analytics.enabled) {
      const given = cookies[analyticsCookieName];
      if (consent.allowed) {
        visitorId = given && uuidPattern.test(given) ? given : crypto.randomUUID();
        if (visitorId !== given) res.cookie(analyticsCookieName, visitorId, cookieOptions(req, analyticsCookieLifetimeMs));
      } else if (given !== undefined) {
        // Refused, withdrawn, or Global Privacy Control: the analytics cookie goes.
        res.clearCookie(analyticsCookieName, { path: '/' });
      }
    }

    // What the page shell adds: the consent banner, and the first-party telemetry script.
    const wantSettings = settings.devices.settings && consent.allowed && req.deviceId !== undefined && !settingsReported.has(req.deviceId);
    if (wantSettings) {
      if (settingsReported.size > 50_000) settingsReported.clear();
      settingsReported.add(req.deviceId!);
    }
    const script = settings.crashes.client || wantSettings;
    if (!consent.ask && !wantSettings) req.pageAddons = script ? scriptOnly : noAddons;
    else {
      const addons: Array<(r: Request) => SafeHtml> = [];
      if (consent.ask) addons.push((r) => cookieBanner(r));
      if (script) addons.push(wantSettings ? settingsScriptAddon : plainScriptAddon);
      req.pageAddons = addons;
    }

    (res as ObservedResponse)[observation] = { started, devicePresented, visitorId, gpc: consent.gpc };
    res.on('finish', recordFinished);
    next();
  };
}

const deviceCookieIssuable = Symbol('device cookie issuable');
type IssuableRequest = Request & { [deviceCookieIssuable]?: boolean };

/**
 * Gives this browser its device id cookie, at sign-in: only where device ids are on, the browser has
 * none yet and the request is not a script's (the capture middleware decided that up front).
 */
export function issueDeviceCookie(req: Request): void {
  const issuable = req as IssuableRequest;
  if (!issuable[deviceCookieIssuable] || req.deviceId || !req.res) return;
  issuable[deviceCookieIssuable] = false;
  req.deviceId = crypto.randomUUID();
  req.res.cookie(deviceCookieName, req.deviceId, cookieOptions(req, deviceCookieLifetimeMs));
}

const isHtml = (contentType: unknown): boolean => typeof contentType === 'string' && contentType.startsWith('text/html');
