// A database connection that fails for a TLS reason is a setup problem, not a bug: it is reported in
// one line that says what failed, why, and how to fix it (never a stack trace). The CLI (and so
// `opsenic serve` and `opsenic migrate`) prints this line; anything else keeps its usual report.

export interface DatabaseTarget {
  where: string;
  sslmode: string;
  files: string[];
}

/** Where a postgres:// URL points and how it asks for TLS, without its credentials. */
export function databaseTarget(url: string): DatabaseTarget {
  try {
    const parsed = new URL(url);
    const q = parsed.searchParams;
    return {
      where: `${parsed.hostname}:${parsed.port || 5432}`,
      sslmode: q.get('sslmode') ?? (q.get('ssl') ? 'require' : 'prefer'),
      files: ['sslrootcert', 'sslcert', 'sslkey'].map((k) => q.get(k)).filter((f): f is string => !!f),
    };
  } catch {
    return { where: 'the database server', sslmode: 'as in the database URL', files: [] };
  }
}

// The errors reach the CLI far from the URL that caused them (pg's errors name no host): createKnex
// records the target of the PostgreSQL database it opens (never the password) for the message.
let current: DatabaseTarget | undefined;
export function rememberDatabaseTarget(url: string): void {
  current = databaseTarget(url);
}

const untrusted = new Set(['SELF_SIGNED_CERT_IN_CHAIN', 'DEPTH_ZERO_SELF_SIGNED_CERT', 'UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY', 'UNABLE_TO_GET_ISSUER_CERT', 'CERT_UNTRUSTED']);

/** One line for a TLS failure of the database connection, or undefined for any other error. */
export function describeDatabaseTlsError(error: unknown, at: DatabaseTarget | undefined = current): string | undefined {
  const e = error as { message?: string; code?: string; path?: string; syscall?: string; cause?: unknown } | undefined;
  if (!e || typeof e !== 'object') return undefined;
  const message = String(e.message ?? '');
  if (!at) return undefined; // no PostgreSQL database was opened: not a database TLS problem
  const { where, sslmode, files } = at;
  if (/server does not support SSL connections/i.test(message)) {
    return `cannot connect to PostgreSQL at ${where}: the database URL asks for TLS (sslmode=${sslmode}) but the server does not offer it. Fix: turn TLS on at the server (ssl = on in postgresql.conf, or the managed service's setting), or, only on a network you trust, set sslmode=disable in the database URL.`;
  }
  if (e.code && untrusted.has(e.code)) {
    return `cannot connect to PostgreSQL at ${where}: its TLS certificate is not signed by a certificate authority this machine trusts (${e.code}, sslmode=${sslmode}). Fix: give the CA certificate with sslrootcert=/path/to/ca.pem in the database URL (or NODE_EXTRA_CA_CERTS=/path/to/ca.pem), or use sslmode=require to encrypt without verifying the server.`;
  }
  if (e.code === 'CERT_HAS_EXPIRED' || e.code === 'CERT_NOT_YET_VALID') {
    return `cannot connect to PostgreSQL at ${where}: its TLS certificate ${e.code === 'CERT_HAS_EXPIRED' ? 'has expired' : 'is not valid yet'} (sslmode=${sslmode}). Fix: renew the server's certificate (or correct the clock of this machine).`;
  }
  if (e.code === 'ERR_TLS_CERT_ALTNAME_INVALID') {
    const names = (error as { cert?: { subjectaltname?: string } }).cert?.subjectaltname ?? (error as { cert?: { subject?: { CN?: string } } }).cert?.subject?.CN ?? 'other names';
    return `cannot connect to PostgreSQL at ${where}: its TLS certificate is for ${names}, not for ${(error as { host?: string }).host ?? where}. Fix: connect with a host name the certificate names (the host of the database URL).`;
  }
  if (/no pg_hba\.conf entry .*no encryption/i.test(message)) {
    return `cannot connect to PostgreSQL at ${where}: the server accepts only TLS connections, but the database URL has sslmode=${sslmode}. Fix: set sslmode=verify-full (or require) in the database URL.`;
  }
  if (e.code === 'ENOENT' && e.path && files.includes(e.path)) {
    return `cannot connect to PostgreSQL at ${where}: the TLS file ${e.path} named in the database URL (sslrootcert, sslcert or sslkey) does not exist. Fix: mount the file there, or correct its path in the URL.`;
  }
  return e.cause && e.cause !== error ? describeDatabaseTlsError(e.cause, at) : undefined;
}
