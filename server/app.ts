// createApp(container): middleware, routers, not-found, error handler. No listen here.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import express, { type Express, type NextFunction, type Request, type Response } from 'express';
import helmet from 'helmet';
import session from 'express-session';
import { csrfSync } from 'csrf-sync';
import type { Container } from './container.js';
import { createErrorHandler, notFoundHandler } from './platform/error-handler.js';
import { requestLogging } from './platform/request-log.js';
import { isLanguage, translator, type Language } from './platform/i18n.js';
import { DatabaseSessionStore, readWithSession } from './components/sessions/session-store.js';
import { enteredByPath } from './web/router-reach.js';
import { healthRouter } from './components/health/health.routes.js';
import { accountsRouter } from './components/accounts/accounts.routes.js';
import { profileRouter } from './components/accounts/profile.routes.js';
import { sessionsRouter } from './components/sessions/sessions.routes.js';
import { adminRouter } from './components/admin/admin.routes.js';
import { homeRouter } from './components/home/home.routes.js';
import { captureMiddleware } from './components/capture/capture.middleware.js';
import { captureRouter } from './components/capture/capture.routes.js';
import { serverErrorRecorder } from './components/capture/server-errors.js';
import { cookiesRouter } from './components/cookies/cookies.routes.js';
import { cookieGuard } from './components/cookies/cookie-guard.js';
import { bearerAuth, csrfUnlessToken } from './components/tokens/bearer.js';
import { tokensRouter } from './components/tokens/tokens.routes.js';
import { openapiRouter } from './web/openapi.routes.js';
import { retentionRouter } from './components/retention/retention.routes.js';
import { deletionRouter } from './components/accounts/deletion.routes.js';
import { auditRouter } from './components/audit/audit.routes.js';
import { orgRouter } from './components/org/org.routes.js';
import { sectionsRouter } from './components/sections/sections.routes.js';
import { peopleRouter } from './components/people/people.routes.js';
import { oneOnOnesRouter } from './components/oneonones/oneonones.routes.js';
import { feedbackRouter } from './components/feedback/feedback.routes.js';
import { discussionsRouter } from './components/discussions/discussions.routes.js';
import { notificationsRouter, unreadNotifications } from './components/notifications/notifications.routes.js';
import { searchRouter } from './components/search/search.routes.js';
import { dsarRouter } from './components/dsar/dsar.routes.js';
import { identityRouter, ssoContext } from './components/identity/identity.routes.js';
import { scimRouter } from './components/scim/scim.routes.js';

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

  // Request id on every log line and in the X-Request-Id response header; one access log line per request.
  app.use(requestLogging(c.logger));

  // Language from Accept-Language first, so even an early error page is in the reader's language.
  const remembered = new Map<string, string>();
  const defaults = { min: config.accounts.passwordMinLength };
  const setLanguage = (req: Request, lang: Language) => {
    const t = translator(lang);
    req.lang = lang;
    req.t = ((key: string, options?: Record<string, unknown>) => {
      // i18next costs tens of µs a call and a large page makes hundreds (a count per node): texts are
      // remembered per language, key and options (bounded; options of plain values only).
      const optionsKey = options ? rememberableOptions(options) : '';
      if (optionsKey === undefined) return t(key, { ...defaults, ...options });
      const cacheKey = `${lang}\u0000${key}\u0000${optionsKey}`;
      let text = remembered.get(cacheKey);
      if (text === undefined) {
        text = t(key, options ? { ...defaults, ...options } : defaults) as string;
        if (remembered.size >= 20_000) remembered.clear(); // bounded: names in options vary without end
        remembered.set(cacheKey, text);
      }
      return text;
    }) as typeof req.t;
  };
  app.use((req: Request, _res: Response, next: NextFunction) => {
    const accepted = req.acceptsLanguages('en', 'fr');
    setLanguage(req, isLanguage(accepted) ? accepted : config.i18n.defaultLanguage);
    next();
  });

  app.use((req: Request, res: Response, next: NextFunction) => {
    const end = c.metrics.httpDuration.startTimer();
    res.on('finish', () => end({ method: req.method, route: req.route?.path ? `${req.baseUrl}${req.route.path}` : 'unmatched', status: res.statusCode }));
    next();
  });

  // Log, device and analytics capture (buffered, off the request path) and the cookie registry check.
  app.use(cookieGuard(c.services.cookies));
  app.use(captureMiddleware(c));

  app.use(
    helmet({
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
      hsts: false, // sent below, only over TLS
      crossOriginEmbedderPolicy: false,
    }),
  );
  app.use((req, res, next) => {
    if (req.secure) res.setHeader('Strict-Transport-Security', 'max-age=31536000; includeSubDomains');
    next();
  });

  app.use('/static', express.static(staticDir, { maxAge: '1h', index: false, fallthrough: true }));
  app.use(enteredByPath(healthRouter(c)));
  // Pages and API answers carry personal data and the session's CSRF token: no browser or proxy
  // keeps them (after signing out on a shared computer, Back shows nothing). Hence no ETag either: a
  // SHA-1 of every body for a revalidation that no-store rules out. Static files keep both.
  app.set('etag', false);
  app.use((_req, res, next) => {
    res.setHeader('Cache-Control', 'no-store');
    next();
  });
  if (config.metrics.enabled && config.metrics.port === 0) {
    app.get('/metrics', async (_req, res) => {
      res.type(c.metrics.registry.contentType).send(await c.metrics.registry.metrics());
    });
  }

  // SCIM 2.0 provisioning (issue 8): its own JSON body types, SCIM bearer tokens only, SCIM error
  // format; before the session (no cookie), CSRF and personal-access-token layers.
  app.use('/scim/v2', scimRouter(c));

  app.use(express.urlencoded({ extended: false, limit: config.server.bodyLimit, parameterLimit: 100 }));
  app.use(express.json({ limit: config.server.bodyLimit }));

  app.use(
    session({
      name: config.sessions.cookieName,
      secret: config.secretKey,
      store: new DatabaseSessionStore(c.repositories.sessions, { idleTimeoutMs: config.sessions.idleTimeout, touchIntervalMs: config.sessions.touchInterval }),
      resave: false,
      saveUninitialized: false,
      rolling: false,
      cookie: { httpOnly: true, sameSite: 'lax', secure: 'auto', path: '/' },
    }),
  );

  // The signed-in user, re-read on every request so a disabled account stops at once.
  app.use(async (req: Request, _res: Response, next: NextFunction) => {
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
  });

  // The signed-in user's language preference wins over Accept-Language.
  app.use((req: Request, _res: Response, next: NextFunction) => {
    if (isLanguage(req.user?.language) && req.user.language !== req.lang) setLanguage(req, req.user.language);
    next();
  });

  // Scripts: `Authorization: Bearer <personal access token>` on /api/v1 (read scope cannot write).
  // After i18n so its refusals are translated (a token request's language is its Accept-Language).
  app.use(bearerAuth(c.services.tokens));

  const csrf = csrfSync({
    size: 32,
    getTokenFromRequest: (req) => (typeof req.body?._csrf === 'string' ? req.body._csrf : (req.headers['x-csrf-token'] as string | undefined)),
  });
  app.use(csrfUnlessToken(csrf.csrfSynchronisedProtection));
  app.use(enteredByPath(openapiRouter()));
  app.get('/api/v1/csrf-token', (req, res) => {
    res.json({ csrfToken: req.csrfToken!() });
  });

  // The header's unread notification count, before any router renders a page.
  app.use(unreadNotifications(c));
  // Each router below is entered only by the paths its routes can match (web/router-reach.ts).
  // Single sign-on (issue 8): before the accounts router, for the provider buttons and the SSO-only guard.
  app.use(ssoContext(c));
  app.use(enteredByPath(identityRouter(c)));
  app.use(enteredByPath(accountsRouter(c)));
  app.use(enteredByPath(sessionsRouter(c)));
  app.use(enteredByPath(profileRouter(c)));
  app.use(enteredByPath(adminRouter(c)));
  app.use(enteredByPath(homeRouter(c)));
  app.use(enteredByPath(captureRouter(c)));
  app.use(enteredByPath(cookiesRouter(c)));
  app.use(enteredByPath(tokensRouter(c)));
  app.use(enteredByPath(deletionRouter(c)));
  app.use(enteredByPath(retentionRouter(c)));
  app.use(enteredByPath(auditRouter(c)));
  app.use(enteredByPath(orgRouter(c)));
  app.use(enteredByPath(sectionsRouter(c)));
  // People half of issue 3.
  app.use(enteredByPath(peopleRouter(c)));
  app.use(enteredByPath(oneOnOnesRouter(c)));
  app.use(enteredByPath(feedbackRouter(c)));
  app.use(enteredByPath(discussionsRouter(c)));
  app.use(enteredByPath(notificationsRouter(c)));
  app.use(enteredByPath(searchRouter(c)));
  // Data subject requests and the privacy center (issue 6).
  app.use(enteredByPath(dsarRouter(c)));

  app.use(notFoundHandler);
  app.use(createErrorHandler(c.logger, serverErrorRecorder(c)));
  return app;
}
