import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { unredacted } from '../../server/platform/logger.js';

describe('the unredacted logger of the access log', () => {
  it('when a line goes through it, then it reaches the same destination with the same fields and time format, and the logger itself still redacts', () => {
    const lines: Array<Record<string, unknown>> = [];
    const sink = new Writable({
      write(chunk, _encoding, done) {
        lines.push(JSON.parse(String(chunk)) as Record<string, unknown>);
        done();
      },
    });
    const logger = pino({ level: 'warn', base: { service: 'opsenic' }, timestamp: pino.stdTimeFunctions.isoTime, redact: { paths: ['req.headers.cookie'], censor: '<redacted>' } }, sink);
    logger.warn({ req: { headers: { cookie: 'sid=secret' } } }, 'from the logger');
    unredacted(logger).info({ req: { id: 'r1', method: 'GET', url: '/' } }, 'request completed');
    assert.equal(lines.length, 2);
    assert.deepEqual(lines[0]!.req, { headers: { cookie: '<redacted>' } });
    assert.deepEqual(lines[1]!.req, { id: 'r1', method: 'GET', url: '/' });
    for (const line of lines) {
      assert.equal(line.service, 'opsenic');
      assert.match(String(line.time), /^\d{4}-\d{2}-\d{2}T/);
    }
    assert.equal(lines[1]!.level, 30, 'the caller decides the level (the access log asks the logger first)');
  });
});
