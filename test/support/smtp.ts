// A real SMTP server (smtp-server) for the mail suites: it records every message it accepts, and
// can answer the next deliveries with a temporary (4xx) or permanent (5xx) refusal on demand.
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

export interface ReceivedMail {
  to: string[];
  raw: string;
  /** Header name (lower case) -> value, unfolded. */
  headers: Map<string, string>;
  /** The message with quoted-printable and base64 parts decoded, for matching text. */
  decoded: string;
}

function parseHeaders(raw: string): Map<string, string> {
  const head = raw.split(/\r?\n\r?\n/)[0]!.replace(/\r?\n[ \t]+/g, ' ');
  const headers = new Map<string, string>();
  for (const line of head.split(/\r?\n/)) {
    const at = line.indexOf(':');
    if (at > 0) headers.set(line.slice(0, at).trim().toLowerCase(), line.slice(at + 1).trim());
  }
  return headers;
}

function decode(raw: string): string {
  const qp = raw.replace(/=\r?\n/g, '').replace(/((?:=[0-9A-F]{2})+)/g, (m) => Buffer.from(m.replace(/=/g, ''), 'hex').toString('utf8'));
  // base64 bodies (nodemailer uses them for some non-ASCII parts)
  return qp.replace(/Content-Transfer-Encoding: base64\r?\n(?:[^\r\n]+\r?\n)*\r?\n([A-Za-z0-9+/=\r\n]+)/g, (_m, b64: string) => Buffer.from(b64.replace(/\s/g, ''), 'base64').toString('utf8'));
}

export class TestSmtp {
  readonly received: ReceivedMail[] = [];
  /** Replies for the next RCPT TO commands, consumed one per delivery: e.g. 451 then 550. */
  readonly refusals: Array<{ code: number; message: string }> = [];
  port = 0;
  private readonly server: SMTPServer;

  constructor() {
    this.server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      onRcptTo: (_address, _session, callback) => {
        const refusal = this.refusals.shift();
        if (!refusal) return callback();
        const error = new Error(refusal.message) as Error & { responseCode: number };
        error.responseCode = refusal.code;
        callback(error);
      },
      onData: (stream, session, callback) => {
        let data = '';
        stream.setEncoding('utf8');
        stream.on('data', (chunk) => (data += chunk));
        stream.on('end', () => {
          this.received.push({ to: session.envelope.rcptTo.map((r) => r.address), raw: data, headers: parseHeaders(data), decoded: decode(data) });
          callback();
        });
      },
    });
  }

  static async start(): Promise<TestSmtp> {
    const smtp = new TestSmtp();
    await new Promise<void>((resolve) => smtp.server.listen(0, '127.0.0.1', resolve));
    smtp.port = (smtp.server.server.address() as AddressInfo).port;
    return smtp;
  }

  get url(): string {
    return `smtp://127.0.0.1:${this.port}`;
  }

  to(address: string): ReceivedMail[] {
    return this.received.filter((m) => m.to.includes(address));
  }

  /** Waits (up to `ms`) until `address` has received more than `after` messages; returns the last. */
  async waitFor(address: string, after = 0, ms = 8000): Promise<ReceivedMail> {
    const deadline = Date.now() + ms;
    for (;;) {
      const found = this.to(address);
      if (found.length > after) return found[found.length - 1]!;
      if (Date.now() > deadline) throw new Error(`no email to ${address} within ${ms} ms (received: ${this.received.length})`);
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

/** Waits until `check` returns a truthy value (up to `ms`). */
export async function eventually<T>(check: () => Promise<T | undefined | null | false>, ms = 8000, what = 'the condition'): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`${what} did not happen within ${ms} ms`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** A header as a person reads it: RFC 2047 encoded words (non-ASCII subjects) decoded. */
export function headerText(mail: ReceivedMail, name: string): string | undefined {
  const value = mail.headers.get(name.toLowerCase());
  if (value === undefined) return undefined;
  const bytes = (text: string) => Buffer.from(text.replace(/_/g, ' ').replace(/=([0-9A-F]{2})/gi, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16))), 'latin1');
  return value
    .replace(/\?=\s+=\?/g, '?==?') // whitespace between two encoded words is not part of the text
    .replace(/=\?UTF-8\?([QB])\?([^?]*)\?=/gi, (_m, kind: string, text: string) => (kind.toUpperCase() === 'B' ? Buffer.from(text, 'base64') : bytes(text)).toString('utf8'));
}
