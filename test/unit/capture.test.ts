import assert from 'node:assert/strict';
import ipaddr from 'ipaddr.js';
import { captureIp } from '../../server/components/capture/ip.js';
import { BatchWriter } from '../../server/components/capture/batch-writer.js';
import { cleanReferrer, deviceSightings } from '../../server/components/capture/capture.middleware.js';
import { parseDate } from '../../server/components/capture/capture.schema.js';
import { deviceTraits } from '../../server/components/capture/device.js';
import { mergeSightings } from '../../server/components/capture/capture.service.js';
import { plainlyValid, usageInput, type UsageRecord } from '../../server/components/capture/usage.service.js';

describe('capture: IP addresses', () => {
  it('when truncation is configured, then IPv4 keeps its /24 and IPv6 its /48', () => {
    assert.equal(captureIp('203.0.113.77', 'truncated'), '203.0.113.0');
    assert.equal(captureIp('2001:db8:85a3:8d3:1319:8a2e:370:7348', 'truncated'), '2001:db8:85a3::');
    assert.equal(captureIp('2001:db8:1::1', 'truncated'), '2001:db8:1::');
  });

  it('when an IPv4 peer is seen through a dual-stack socket, then it is treated as IPv4', () => {
    assert.equal(captureIp('::ffff:198.51.100.23', 'truncated'), '198.51.100.0');
    assert.equal(captureIp('::ffff:198.51.100.23', 'full'), '198.51.100.23');
  });

  it('when the address is kept in full, invalid, or switched off, then it is stored as is, or not at all', () => {
    assert.equal(captureIp('2001:db8::7348', 'full'), '2001:db8::7348');
    assert.equal(captureIp('203.0.113.77', 'off'), null);
    assert.equal(captureIp('not-an-ip', 'truncated'), null);
    assert.equal(captureIp(undefined, 'full'), null);
  });

  it('when an IPv4 address takes the fast path, then the answer is the one ipaddr.js gives, in both modes', () => {
    const reference = (raw: string, mode: 'full' | 'truncated') => {
      if (!ipaddr.isValid(raw)) return null;
      const a = ipaddr.process(raw);
      if (mode === 'full') return a.toString();
      const o = [...(a as ipaddr.IPv4).octets];
      o[3] = 0;
      return o.join('.');
    };
    const samples = ['0.0.0.0', '255.255.255.255', '10.0.0.1', '::ffff:192.0.2.200', '::FFFF:192.0.2.1', '010.1.1.1', '1.2.3', '256.1.1.1', '1.2.3.04'];
    for (let i = 0; i < 500; i += 1) samples.push([0, 0, 0, 0].map(() => Math.floor(Math.random() * 256)).join('.'));
    for (const raw of samples) for (const mode of ['full', 'truncated'] as const) assert.equal(captureIp(raw, mode), reference(raw, mode), `${raw} (${mode})`);
  });

  it('when the same address is asked for again, in the other mode, then each mode keeps its own answer (remembered per mode)', () => {
    for (let i = 0; i < 2; i++) {
      assert.equal(captureIp('198.51.100.9', 'truncated'), '198.51.100.0');
      assert.equal(captureIp('198.51.100.9', 'full'), '198.51.100.9');
      assert.equal(captureIp('198.51.100.9', 'off'), null);
      assert.equal(captureIp('999.1.1.1', 'full'), null);
    }
  });
});

describe('capture: referrers, dates, devices', () => {
  it('when a referrer carries a query string or a token-like segment, then only origin and path remain, token masked', () => {
    assert.equal(cleanReferrer('https://intranet.example.com/a/b?q=secret#x'), 'https://intranet.example.com/a/b');
    assert.equal(cleanReferrer('https://o.example.com/password/reset/AbCdEfGhIjKlMnOpQrStUvWxYz012345'), 'https://o.example.com/password/reset/<token>');
    assert.equal(cleanReferrer('javascript:alert(1)'), null);
    assert.equal(cleanReferrer('not a url'), null);
  });

  it('when a date is given as a day, a date-time or an age, then it is understood; anything else is refused', () => {
    const at = Date.parse('2026-06-01T00:00:00Z');
    assert.equal(parseDate('2026-01-31', at), Date.parse('2026-01-31'));
    assert.equal(parseDate('2026-01-31T10:00:00Z', at), Date.parse('2026-01-31T10:00:00Z'));
    assert.equal(parseDate('7d', at), at - 7 * 86_400_000);
    assert.equal(parseDate('24h', at), at - 24 * 3_600_000);
    assert.equal(parseDate('yesterday', at), undefined);
    assert.equal(parseDate('2026-13-45', at), undefined);
  });

  it('when a user agent is parsed, then device type, operating system and browser come out', () => {
    const iphone = deviceTraits('Mozilla/5.0 (iPhone; CPU iPhone OS 17_2 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.2 Mobile/15E148 Safari/604.1');
    assert.equal(iphone.deviceType, 'mobile');
    assert.match(iphone.os ?? '', /iOS/);
    assert.match(iphone.browser ?? '', /Safari 17/);
    assert.deepEqual(deviceTraits(null), { deviceType: null, os: null, browser: null });
  });

  it('when several sightings of one device are in a batch, then one row remains with the latest values and the settings', () => {
    const merged = mergeSightings([
      { id: 'd1', workspaceId: null, userId: 'u1', deviceType: 'desktop', os: 'Linux', browser: 'Firefox 120', userAgent: 'ua1', seenAt: 1 },
      { id: 'd1', workspaceId: null, userId: null, deviceType: null, os: null, browser: null, userAgent: null, seenAt: 3, settings: { screenWidth: 800, screenHeight: 600, timeZone: 'UTC', language: 'en' } },
      { id: 'd2', workspaceId: null, userId: null, deviceType: null, os: null, browser: null, userAgent: null, seenAt: 2 },
    ]);
    assert.equal(merged.length, 2);
    const d1 = merged.find((m) => m.id === 'd1')!;
    assert.equal(d1.userId, 'u1');
    assert.equal(d1.browser, 'Firefox 120');
    assert.equal(d1.seenAt, 3);
    assert.equal(d1.settings?.screenWidth, 800);
  });
});

describe('capture: the bounded batch writer', () => {
  function writer(options: { maxBuffered?: number; batchSize?: number; fail?: () => boolean } = {}) {
    const written: number[][] = [];
    const dropped: Array<[number, string]> = [];
    const errors: unknown[] = [];
    const w = new BatchWriter<number>({
      name: 'test',
      maxBuffered: options.maxBuffered ?? 10,
      batchSize: options.batchSize ?? 4,
      flushIntervalMs: 10,
      write: async (batch) => {
        if (options.fail?.()) throw new Error('database down');
        written.push(batch);
      },
      onDrop: (count, reason) => dropped.push([count, reason]),
      onError: (error) => errors.push(error),
    });
    return { w, written, dropped, errors };
  }

  it('when rows arrive, then they are written in batches of at most batchSize, in order', async () => {
    const { w, written } = writer();
    for (let i = 0; i < 10; i += 1) w.push(i);
    await w.flush();
    await new Promise((r) => setTimeout(r, 30));
    assert.deepEqual(written.flat(), [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    assert.ok(written.every((b) => b.length <= 4));
  });

  it('when the database is down, then the buffer stays bounded, drops are counted, and the rest is written once it is back', async () => {
    let down = true;
    const { w, written, dropped, errors } = writer({ maxBuffered: 10, fail: () => down });
    for (let i = 0; i < 25; i += 1) w.push(i);
    await w.flush();
    assert.ok(w.buffered <= 10, `buffered ${w.buffered}`);
    assert.equal(dropped.reduce((n, [c]) => n + c, 0), 15);
    assert.ok(errors.length >= 1);
    down = false;
    await w.flush();
    assert.equal(written.flat().length, 10);
    assert.deepEqual(written.flat(), [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  it('when stopped gracefully, then everything buffered is written and later rows are counted as dropped', async () => {
    const { w, written, dropped } = writer({ maxBuffered: 1000, batchSize: 1000 });
    for (let i = 0; i < 50; i += 1) w.push(i);
    await w.stop();
    assert.equal(written.flat().length, 50);
    assert.equal(w.push(99), false);
    assert.deepEqual(dropped, [[1, 'stopped']]);
  });

  it('when stopped while the database stays down, then it gives up at the deadline and counts what was lost', async () => {
    const { w, dropped } = writer({ maxBuffered: 100, fail: () => true });
    for (let i = 0; i < 7; i += 1) w.push(i);
    await w.stop(100);
    assert.deepEqual(dropped, [[7, 'stopped']]);
  });
});

describe('capture: catching up after a burst', () => {
  it('when a backlog of several batches waits, then a write takes up to catchUpFactor whole batches, and every row once, in order', async () => {
    const sizes: number[] = [];
    const rows: number[] = [];
    let release!: () => void;
    const firstWrite = new Promise<void>((resolve) => (release = resolve));
    const w = new BatchWriter<number>({
      name: 'test',
      maxBuffered: 1000,
      batchSize: 10,
      catchUpFactor: 3,
      flushIntervalMs: 10,
      write: async (batch) => {
        if (!sizes.length) await firstWrite; // the database is slow: a backlog builds up meanwhile
        sizes.push(batch.length);
        rows.push(...batch);
      },
      onDrop: () => {},
      onError: () => {},
    });
    for (let i = 0; i < 75; i += 1) w.push(i);
    release();
    await w.stop(1000);
    assert.deepEqual(sizes, [10, 30, 30, 5]);
    assert.deepEqual(rows, Array.from({ length: 75 }, (_, i) => i));
  });
});

describe('capture: two batches in flight', () => {
  it('when the next batch is sent before the first is written, then every row is written once and in order', async () => {
    const rows: number[] = [];
    let concurrent = 0;
    let most = 0;
    const w = new BatchWriter<number>({
      name: 'test', maxBuffered: 1000, batchSize: 10, inFlight: 2, flushIntervalMs: 10,
      write: async (batch) => {
        most = Math.max(most, ++concurrent);
        await new Promise((r) => setTimeout(r, 5));
        rows.push(...batch);
        concurrent -= 1;
      },
      onDrop: () => {}, onError: () => {},
    });
    for (let i = 0; i < 95; i += 1) w.push(i);
    await w.stop(1000);
    assert.equal(most, 2);
    assert.deepEqual(rows, Array.from({ length: 95 }, (_, i) => i));
  });

  async function failingRun(failedCalls: number[]) {
    const written: number[] = [];
    const errors: unknown[] = [];
    let calls = 0;
    const w = new BatchWriter<number>({
      name: 'test', maxBuffered: 1000, batchSize: 5, inFlight: 2, flushIntervalMs: 10,
      write: async (batch) => {
        const call = (calls += 1);
        await new Promise((r) => setTimeout(r, 2));
        if (failedCalls.includes(call)) throw new Error(`write ${call} failed`);
        written.push(...batch);
      },
      onDrop: () => {}, onError: (error) => errors.push(error),
    });
    for (let i = 0; i < 10; i += 1) w.push(i);
    await w.stop(2000);
    return { written, errors };
  }

  it('when both batches in flight fail, then their rows go back to the front in order and are written once, in order', async () => {
    // call 1 is [0-4] alone; then [0-4] and [5-9] go out together (calls 2 and 3) and both fail.
    const { written, errors } = await failingRun([1, 2, 3]);
    assert.equal(errors.length, 2);
    assert.deepEqual(written, Array.from({ length: 10 }, (_, i) => i));
  });

  it('when a batch fails while the one sent after it is written, then the failed rows are written later, and no row twice', async () => {
    const { written, errors } = await failingRun([1, 2]);
    assert.equal(errors.length, 2);
    assert.deepEqual([...written].sort((a, b) => a - b), Array.from({ length: 10 }, (_, i) => i));
    assert.deepEqual(written, [5, 6, 7, 8, 9, 0, 1, 2, 3, 4], 'the later batch went first: the order documented for inFlight > 1');
  });
});

describe('capture: time-ordered ids', () => {
  it('when many ids are made in the same and later milliseconds, then they are valid v7 uuids in increasing order', async () => {
    const { timeOrderedId } = await import('../../server/components/capture/time-ordered-id.js');
    const ids = [...Array.from({ length: 5000 }, () => timeOrderedId(1_700_000_000_000)), timeOrderedId(1_700_000_000_001), timeOrderedId(1_800_000_000_000)];
    assert.ok(ids.every((id) => /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/.test(id)));
    assert.deepEqual([...ids].sort(), ids);
    assert.equal(new Set(ids).size, ids.length);
  });
});

describe('capture: usage input', () => {
  it('when usage input is checked by the fast path, then it accepts only what the schema accepts', () => {
    const workspaceId = '0193a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b';
    const inputs: unknown[] = [
      { area: 'application', event: 'org', workspaceId },
      { area: 'insight', event: 'insight:team-health', workspaceId, userId: null },
      { area: 'integration', event: 'slack', workspaceId, userId: workspaceId },
      { area: 'application', event: 'Org', workspaceId },
      { area: 'application', event: '-org', workspaceId },
      { area: 'application', event: 'o'.repeat(101), workspaceId },
      { area: 'application', event: 'o'.repeat(100), workspaceId },
      { area: 'apps', event: 'org', workspaceId },
      { area: 'application', event: 'org', workspaceId: '' },
      { area: 'application', event: 'org', workspaceId: 'w'.repeat(37) },
      { area: 'application', event: 'org', workspaceId, userId: 'u'.repeat(37) },
      { area: 'application', event: 42, workspaceId },
      { area: 'application', event: 'a b', workspaceId },
    ];
    let fast = 0;
    for (const input of inputs) {
      const schema = usageInput.safeParse(input).success;
      const quick = plainlyValid(input as UsageRecord);
      if (quick) fast += 1;
      assert.ok(!quick || schema, `fast path accepted what the schema refuses: ${JSON.stringify(input)}`);
      assert.equal(quick, schema, `fast path and schema disagree on ${JSON.stringify(input)}`);
    }
    assert.equal(fast, 4);
  });
});

describe('capture: device sightings kept to the minute', () => {
  const ua = 'Mozilla/5.0 (X11; Linux x86_64) Firefox/140.0';

  it('when a device keeps sending requests, then it is recorded first, then again only once a minute has passed', () => {
    const shouldRecord = deviceSightings(60_000);
    assert.equal(shouldRecord('d1', 'u1', ua, 0), true);
    assert.equal(shouldRecord('d1', 'u1', ua, 1_000), false);
    assert.equal(shouldRecord('d1', 'u1', ua, 59_999), false);
    assert.equal(shouldRecord('d1', 'u1', ua, 60_000), true);
    assert.equal(shouldRecord('d1', 'u1', ua, 60_001), false);
  });

  it('when the same device is seen with another account or another user agent, then that sighting is recorded at once', () => {
    const shouldRecord = deviceSightings(60_000);
    assert.equal(shouldRecord('d1', null, ua, 0), true);
    assert.equal(shouldRecord('d1', 'u1', ua, 10), true, 'signed in');
    assert.equal(shouldRecord('d1', 'u1', `${ua} v2`, 20), true, 'browser updated');
    assert.equal(shouldRecord('d2', 'u1', ua, 30), true, 'another device');
    assert.equal(shouldRecord('d1', 'u1', `${ua} v2`, 40), false);
  });

  it('when more devices are seen than the bound, then memory stays bounded and sightings are recorded again', () => {
    const shouldRecord = deviceSightings(60_000, 3);
    for (const id of ['a', 'b', 'c']) assert.equal(shouldRecord(id, null, ua, 0), true);
    assert.equal(shouldRecord('d', null, ua, 1), true);
    assert.equal(shouldRecord('a', null, ua, 2), true, 'forgotten when the map was cleared: recorded again, never lost');
  });
});
