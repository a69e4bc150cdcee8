// createApp(container): middleware, routers, not-found, error handler. No listen here.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import express, { Router, type Express, type NextFunction, type Request, type Response } from 'express';
import helmet from 'helmet';
import session from 'express-session';
import { csrfSync } from 'csrf-sync';
import type { Container } from './container.js';
import { createErrorHandler, notFoundHandler } from './platform/error-handler.js';
import { requestLogging } from './platform/request-log.js';
import { isLanguage, translator, type Language } from './platform/i18n.js';
import { DatabaseSessionStore, readWithSession } from './components/sessions/session-store.js';
import { enteredByPath } from './web/router-reach.js';
import { wantsJson } from './web/context.js';
import { errorPage } from './web/error-page.js';
import { inSequence } from './web/in-sequence.js';
import { serveClientAsset } from './web/assets.js';
import { styleguideRouter } from './web/styleguide.routes.js';
import { healthRouter } from './components/health/health.routes.js';
import { captureMiddleware } from './components/capture/capture.middleware.js';
import { serverErrorRecorder } from './components/capture/server-errors.js';
import { cookieGuard } from './components/cookies/cookie-guard.js';
import { apiBodyRules, noNulCharacters } from './web/api-body.js';
import { AppError } from './platform/errors.js';
import { photoUploadParser } from './components/accounts/photo.upload.js';
import { bearerAuth, bearerToken, csrfUnlessToken, sameSecret } from './components/tokens/bearer.js';
import { openapiRouter } from './web/openapi.routes.js';
import { unreadNotifications } from './components/notifications/notifications.routes.js';
import { identityRouter, ssoContext } from './components/identity/identity.routes.js';
import { scimRouter } from './components/scim/scim.routes.js';
import { componentRouters, components } from './registry.js';
import type { ShellFeatures } from './web/layout.js';
import { unsubscribeRouter } from './components/mail/mail.routes.js';

const staticDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), 'web/static');

function trustProxySetting(value: boolean | number | string): boolean | number | string {
  return typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value;
}

/** A cache key for translation options made of numbers and short strings; undefined for anything else. */
function rememberableOptions(options: Record<string, unknown>): string | undefined {
  let key = '';
  for (const name in options) {
    const value = options[name];
    if (typeof value === 'number' || (typeof value === 'string' && value.length <= 200)) key += `${name}=${value}\u0001`;
    else return undefined;
  }
  return key;
}

export function createApp(c: Container): Express {
  const app = express();
  const { config } = c;
  app.disable('x-powered-by');
  app.set('trust proxy', trustProxySetting(config.server.trustProxy));
  app.set('query parser', 'simple');
  // The sidebar's optional sections: Insights once its component is registered (it serves /insights).
  app.locals.shell = { insights: components.some((component) => (component.name as string) === 'insights') } satisfies ShellFeatures;

  // Language from Accept-Language first, so even an early error page is in the reader's language.
  // Texts remembered per language: by key alone for a text without options (most calls), by key and
  // options otherwise.
  const remembered = new Map<Language, Map<string, string>>();
  let rememberedCount = 0;
  const defaults = { min: config.accounts.passwordMinLength };
  const setLanguage = (req: Request, lang: Language) => {
    const t = translator(lang);
    let texts = remembered.get(lang);
    if (!texts) remembered.set(lang, (texts = new Map()));
    const known = texts;
    req.lang = lang;
    req.t = ((key: string, options?: Record<string, unknown>) => {
      // i18next costs tens of µs a call and a large page makes hundreds (a count per node): texts are
      // remembered per language, key and options (bounded; options of plain values only).
      const optionsKey = options ? rememberableOptions(options) : '';
      if (optionsKey === undefined) return t(key, { ...defaults, ...options });
      const cacheKey = optionsKey === '' ? key : `${key}\u0000${optionsKey}`;
      let text = known.get(cacheKey);
      if (text === undefined) {
        text = t(key, options ? { ...defaults, ...options } : defaults) as string;
        // Bounded: names in options vary without end.
        if (rememberedCount >= 20_000) {
          for (const map of remembered.values()) map.clear();
          rememberedCount = 0;
        }
        known.set(cacheKey, text);
        rememberedCount += 1;
      }
      return text;
    }) as typeof req.t;
  };
  // A browser sends the same Accept-Language with every request: the negotiation is remembered per
  // header value (bounded), instead of parsing the header and ranking its languages every time.
  const languageOfHeader = new Map<string, Language>();
  const languageFromHeader = (req: Request, _res: Response, next: NextFunction) => {
    const header = req.headers['accept-language'] ?? '';
    let lang = languageOfHeader.get(header);
    if (lang === undefined) {
      const accepted = req.acceptsLanguages('en', 'fr');
      lang = isLanguage(accepted) ? accepted : config.i18n.defaultLanguage;
      if (languageOfHeader.size >= 1000) languageOfHeader.clear();
      if (header.length <= 200) languageOfHeader.set(header, lang);
    }
    setLanguage(req, lang);
    next();
  };

  const requestDuration = (req: Request, res: Response, next: NextFunction) => {
    const end = c.metrics.httpDuration.startTimer();
    res.on('finish', () => end({ method: req.method, route: req.route?.path ? `${req.baseUrl}${req.route.path}` : 'unmatched', status: res.statusCode }));
    next();
  };

  // Each inSequence is one Express layer for the pathless middleware and routers in it (web/in-sequence.ts).
  app.use(
    inSequence(
      // Request id on every log line and in the X-Request-Id response header; one access log line per request.
      requestLogging(c.logger),
      languageFromHeader,
      requestDuration,
      // Log, device and analytics capture (buffered, off the request path) and the cookie registry check.
      cookieGuard(c.services.cookies),
      captureMiddleware(c),
      securityHeaders,
      strictTransportSecurity,
    ),
  );

  // The shell's bundles (web/assets.ts), built in memory; every other static file from the folder.
  app.get(['/static/app.js', '/static/app.css'], serveClientAsset);
  app.use('/static', express.static(staticDir, { maxAge: '1h', index: false, fallthrough: true }));
  // Pages and API answers carry personal data and the session's CSRF token: no browser or proxy
  // keeps them (after signing out on a shared computer, Back shows nothing). Hence no ETag either: a
  // SHA-1 of every body for a revalidation that no-store rules out. Static files keep both.
  app.set('etag', false);
  const noStore = (_req: Request, res: Response, next: NextFunction) => {
    res.setHeader('Cache-Control', 'no-store');
    next();
  };
  const metricsRoute = Router();
  // On the main port only with a bearer token: anonymous counters tell anyone the traffic and routes.
  const metricsToken = config.metrics.bearerToken;
  if (config.metrics.enabled && config.metrics.port === 0 && metricsToken) {
    metricsRoute.get('/metrics', async (req, res) => {
      if (!sameSecret(bearerToken(req), metricsToken)) return res.status(401).setHeader('WWW-Authenticate', 'Bearer realm="metrics"').type('text/plain').send('metrics need Authorization: Bearer <metrics.bearerToken>\n');
      res.type(c.metrics.registry.contentType).send(await c.metrics.registry.metrics());
    });
  }
  app.use(inSequence(enteredByPath(healthRouter(c)), noStore, enteredByPath(metricsRoute)));

  // SCIM 2.0 provisioning (issue 8): its own JSON body types, SCIM bearer tokens only, SCIM error
  // format; before the session (no cookie), CSRF and personal-access-token layers.
  app.use('/scim/v2', scimRouter(c));
  // One-click unsubscribe (RFC 8058, issue 24): a mail client POSTs it with no cookie and no CSRF
  // token; the signed single-purpose token in the path is the only credential it needs.
  app.use(enteredByPath(unsubscribeRouter(c)));

  const sessions = session({
    name: config.sessions.cookieName,
    secret: config.secretKey,
    store: new DatabaseSessionStore(c.repositories.sessions, { idleTimeoutMs: config.sessions.idleTimeout, absoluteTimeoutMs: config.sessions.absoluteTimeout, touchIntervalMs: config.sessions.touchInterval }, c.clock),
    resave: false,
    saveUninitialized: false,
    rolling: false,
    cookie: { httpOnly: true, sameSite: 'lax', secure: 'auto', path: '/' },
  });

  // The signed-in user, re-read on every request so a disabled account stops at once.
  const signedInUser = async (req: Request, _res: Response, next: NextFunction) => {
    const userId = req.session.userId;
    if (!userId) return next();
    const read = readWithSession(req);
    const user = read?.user?.id === userId ? read.user : await c.repositories.users.findById(userId);
    if (!user || user.status !== 'active') {
      await new Promise<void>((resolve) => req.session.destroy(() => resolve()));
      return next();
    }
    req.user = user;
    next();
  };

  // The signed-in user's language preference wins over Accept-Language.
  const userLanguage = (req: Request, _res: Response, next: NextFunction) => {
    if (isLanguage(req.user?.language) && req.user.language !== req.lang) setLanguage(req, req.user.language);
    next();
  };

  const csrf = csrfSync({
    size: 32,
    getTokenFromRequest: (req) => (typeof req.body?._csrf === 'string' ? req.body._csrf : (req.headers['x-csrf-token'] as string | undefined)),
  });
  const csrfTokenRoute = Router();
  csrfTokenRoute.get('/api/v1/csrf-token', (req, res) => {
    // A token request skips CSRF (it carries no ambient credential): there is no CSRF token to give.
    if (!req.csrfToken) throw new AppError(400, 'csrf_not_needed', 'tokens.csrfNotNeeded');
    res.json({ csrfToken: req.csrfToken() });
  });

  app.use(
    inSequence(
      express.urlencoded({ extended: false, limit: config.server.bodyLimit, parameterLimit: 100 }),
      express.json({ limit: config.server.bodyLimit }),
      apiBodyRules,
      noNulCharacters,
      sessions,
      signedInUser,
      userLanguage,
      // The profile photo form is multipart: parsed here so its CSRF token is read like any form's.
      photoUploadParser,
      // Scripts: `Authorization: Bearer <personal access token>` on /api/v1 (read scope cannot write).
      // After i18n so its refusals are translated (a token request's language is its Accept-Language).
      bearerAuth(c.services.tokens),
      csrfUnlessToken(csrf.csrfSynchronisedProtection),
      enteredByPath(openapiRouter()),
      enteredByPath(csrfTokenRoute),
      // The header's unread notification count, before any router renders a page.
      unreadNotifications(c),
      // Single sign-on (issue 8): before the accounts router, for the provider buttons and the SSO-only guard.
      ssoContext(c),
      // Each router is entered only by the paths its routes can match (web/router-reach.ts). Single
      // sign-on first: it answers /signin and /signup before the accounts router does.
      enteredByPath(identityRouter(c)),
      // Every component's routers, in the registry's order (server/registry.ts); no two answer the same path.
      ...componentRouters.map((router) => enteredByPath(router(c))),
      // The design system's style guide, for the people building pages: never in production.
      ...(config.env === 'production' ? [] : [enteredByPath(styleguideRouter())]),
    ),
  );

  app.use(notFoundHandler);
  app.use(createErrorHandler(c.logger, { wantsJson, errorPage }, serverErrorRecorder(c)));
  return app;
}

/** helmet with a strict Content-Security-Policy: no inline scripts or styles, nothing from elsewhere. */
const securityHeaders = helmet({
  contentSecurityPolicy: {
    useDefaults: false,
    directives: {
      defaultSrc: ["'self'"],
      scriptSrc: ["'self'"],
      styleSrc: ["'self'"],
      imgSrc: ["'self'", 'data:'],
      fontSrc: ["'self'"],
      connectSrc: ["'self'"],
      formAction: ["'self'"],
      frameAncestors: ["'none'"],
      objectSrc: ["'none'"],
      baseUri: ["'none'"],
    },
  },
  hsts: false, // strictTransportSecurity: only over TLS
  crossOriginEmbedderPolicy: false,
});

/** HSTS only over TLS: a browser told so over plain HTTP would refuse the server until the age ran out. */
function strictTransportSecurity(req: Request, res: Response, next: NextFunction): void {
  if (req.secure) res.setHeader('Strict-Transport-Security', 'max-age=31536000; includeSubDomains');
  next();
}
