// Time-ordered UUIDs (version 7, RFC 9562) for the append-only capture tables: consecutive rows get
// increasing ids, so each insert appends to the primary-key index instead of touching a random page
// of it (random v4 ids make bulk inserts into a large log table several times slower).
import crypto from 'node:crypto';

let lastMs = -1;
// Random bytes come from a pool refilled 4 KiB at a time: one CSPRNG call per 256 ids, not per id.
const pool = Buffer.alloc(4096);
let poolOffset = pool.length;

const scratch = Buffer.alloc(16);

/** 16 fresh random bytes in a reused buffer (read it before the next call). */
function randomBytes16(): Buffer {
  if (poolOffset + 16 > pool.length) {
    crypto.randomFillSync(pool);
    poolOffset = 0;
  }
  pool.copy(scratch, 0, poolOffset, poolOffset + 16);
  poolOffset += 16;
  return scratch;
}
let sequence = 0;

export function timeOrderedId(at = Date.now()): string {
  const bytes = randomBytes16();
  if (at <= lastMs) {
    // Same (or an earlier, clock-stepped) millisecond: keep ordering with a 12-bit counter.
    sequence += 1;
    if (sequence > 0xfff) {
      lastMs += 1;
      sequence = 0;
    }
  } else {
    lastMs = at;
    // A random start in the lower half leaves room for 2,048+ more ids in this millisecond.
    sequence = ((bytes[6]! << 8) | bytes[7]!) & 0x7ff;
  }
  const ms = lastMs;
  bytes[0] = Math.floor(ms / 2 ** 40) & 0xff;
  bytes[1] = Math.floor(ms / 2 ** 32) & 0xff;
  bytes[2] = (ms >>> 24) & 0xff;
  bytes[3] = (ms >>> 16) & 0xff;
  bytes[4] = (ms >>> 8) & 0xff;
  bytes[5] = ms & 0xff;
  bytes[6] = 0x70 | ((sequence >>> 8) & 0x0f);
  bytes[7] = sequence & 0xff;
  bytes[8] = 0x80 | (bytes[8]! & 0x3f);
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
