// JSON logs (pino). Request-scoped children carry the request id on every line.
import { pino, type Logger } from 'pino';

export type { Logger };

export function createLogger(level: string): Logger {
  return pino({
    level,
    base: { service: 'opsenic' },
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: { paths: ['req.headers.cookie', 'req.headers.authorization', 'res.headers["set-cookie"]', '*.password', '*.secretKey'], censor: '<redacted>' },
  });
}

type LoggerInternals = Logger & { [key: symbol]: unknown };

/**
 * A logger writing to the same destination as `logger`, with its fields and time format, at every
 * level, and without its redaction: for lines whose every field the caller builds from values known
 * to be safe (the access log: request id, method, a scrubbed URL, status, duration), the caller
 * deciding with `logger.isLevelEnabled` what is written. Why: redaction walks each line's objects
 * for its paths; on the access log, a line per request, that was a few µs and some 3 KB of garbage
 * every request for paths such lines never hold.
 */
export function unredacted(logger: Logger): Logger {
  const internals = logger as LoggerInternals;
  return pino(
    { level: 'trace', base: logger.bindings(), timestamp: internals[pino.symbols.timeSym] as () => string },
    internals[pino.symbols.streamSym] as pino.DestinationStream,
  );
}
