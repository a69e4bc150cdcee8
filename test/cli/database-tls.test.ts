// The database TLS settings fail in one line that says what, why and how to fix, never a stack trace:
// against the real local PostgreSQL (which has no TLS), and against a TLS endpoint that answers
// PostgreSQL's SSLRequest with a self-signed certificate made by openssl for this test.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import tls from 'node:tls';
import { execFileSync } from 'node:child_process';
import { postgresAvailable, tempDir } from '../support/databases.js';
import { cliEnv, runCli } from '../support/cli.js';

const adminUrl = new URL(process.env.OPSENIC_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres');

/** One line on stderr, no stack frame, exit 69 (unavailable). */
function assertOneLine(result: { code: number | null; stderr: string }, pattern: RegExp): void {
  const lines = result.stderr.split('\n').filter((l) => l.trim() && !/^\(node:\d+\) Warning|^In the next major|^To prepare|^- If you|^See https|^\(Use `node/.test(l));
  assert.equal(lines.length, 1, result.stderr);
  assert.match(lines[0]!, pattern);
  assert.doesNotMatch(result.stderr, /^\s+at /m, 'a stack trace');
  assert.equal(result.code, 69, result.stderr);
}

describe('database TLS errors', function () {
  this.timeout(180_000);
  const dir = tempDir('opsenic-tls-');

  describe('against the local PostgreSQL, which offers no TLS', () => {
    before(async function () {
      if (await postgresAvailable()) return;
      if (process.env.CI) throw new Error('PostgreSQL must be reachable in CI');
      this.skip();
    });

    for (const command of [['migrate'], ['serve'], ['migrate', '--status']]) {
      it(`when sslmode=verify-full and \`opsenic ${command.join(' ')}\` runs, then it fails in one line naming the server, the reason and the fix`, async () => {
        const url = new URL(adminUrl);
        url.searchParams.set('sslmode', 'verify-full');
        const result = await runCli(command, { env: cliEnv(url.toString(), dir, { OPSENIC_PORT: '0' }), timeoutMs: 120_000 });
        assertOneLine(result, new RegExp(`^opsenic: cannot connect to PostgreSQL at ${adminUrl.hostname}:${adminUrl.port || 5432}: the database URL asks for TLS \\(sslmode=verify-full\\) but the server does not offer it\\. Fix: turn TLS on at the server .* or, only on a network you trust, set sslmode=disable`));
      });
    }

    it('when sslrootcert names a missing file, then the line names the file', async () => {
      const url = new URL(adminUrl);
      url.searchParams.set('sslmode', 'verify-full');
      url.searchParams.set('sslrootcert', '/nonexistent/corp-ca.pem');
      const result = await runCli(['migrate'], { env: cliEnv(url.toString(), dir), timeoutMs: 120_000 });
      assertOneLine(result, /the TLS file \/nonexistent\/corp-ca\.pem named in the database URL \(sslrootcert, sslcert or sslkey\) does not exist\. Fix: mount the file there/);
    });
  });

  describe('against a TLS endpoint with a self-signed certificate', () => {
    let server: net.Server;
    let port: number;
    let certFile: string;

    before(async () => {
      certFile = path.join(dir, 'server.crt');
      const keyFile = path.join(dir, 'server.key');
      execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '2', '-subj', '/CN=db.corp.example', '-addext', 'subjectAltName=DNS:db.corp.example', '-keyout', keyFile, '-out', certFile], { stdio: 'ignore' });
      const context = { key: fs.readFileSync(keyFile), cert: fs.readFileSync(certFile) };
      // PostgreSQL's TLS start: the client sends an 8-byte SSLRequest, the server answers 'S', then TLS.
      server = net.createServer((socket) => {
        socket.once('data', () => {
          socket.write('S');
          const secure = new tls.TLSSocket(socket, { isServer: true, ...context });
          secure.on('error', () => socket.destroy());
        });
        socket.on('error', () => {});
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      port = (server.address() as net.AddressInfo).port;
    });
    after(() => server?.close());

    it('when the certificate is not signed by a trusted authority, then the line says so and how to give the CA', async () => {
      const result = await runCli(['migrate'], { env: cliEnv(`postgres://opsenic:pw@127.0.0.1:${port}/opsenic?sslmode=verify-full`, dir), timeoutMs: 120_000 });
      assertOneLine(result, new RegExp(`cannot connect to PostgreSQL at 127\\.0\\.0\\.1:${port}: its TLS certificate is not signed by a certificate authority this machine trusts \\((DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN)[^)]*\\)\\. Fix: give the CA certificate with sslrootcert=`));
    });

    it('when the CA is given but the host name is not the certificate\'s, then the line says to use a name it holds', async () => {
      const result = await runCli(['migrate'], { env: cliEnv(`postgres://opsenic:pw@127.0.0.1:${port}/opsenic?sslmode=verify-full&sslrootcert=${encodeURIComponent(certFile)}`, dir), timeoutMs: 120_000 });
      assertOneLine(result, /its TLS certificate is for DNS:db\.corp\.example, not for 127\.0\.0\.1\. Fix: connect with a host name the certificate names/);
    });
  });
});
