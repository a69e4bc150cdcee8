// Time-ordered UUIDs (version 7, RFC 9562) for the append-only capture tables: consecutive rows get
// increasing ids, so each insert appends to the primary-key index instead of touching a random page
// of it (random v4 ids make bulk inserts into a large log table several times slower).
import crypto from 'node:crypto';

// Built from crypto.randomUUID() (native, from a cache of random bytes: the cheapest 122 random
// bits Node offers): its variant and last 62 random bits are kept, the 48-bit time and the
// 12-bit sequence replace the rest. One such id is made per request, so it is kept cheap.
const sequenceHex = Array.from({ length: 0x1000 }, (_, n) => n.toString(16).padStart(3, '0'));
let lastMs = -1;
let prefix = '';
let sequence = 0;

function timePrefix(ms: number): string {
  const hex = ms.toString(16).padStart(12, '0').slice(-12);
  return `${hex.slice(0, 8)}-${hex.slice(8)}-7`;
}

export function timeOrderedId(at = Date.now()): string {
  const random = crypto.randomUUID();
  if (at <= lastMs) {
    // Same (or an earlier, clock-stepped) millisecond: keep ordering with a 12-bit counter.
    sequence += 1;
    if (sequence > 0xfff) {
      lastMs += 1;
      prefix = timePrefix(lastMs);
      sequence = 0;
    }
  } else {
    lastMs = at;
    prefix = timePrefix(at);
    // A random start in the lower half leaves room for 2,048+ more ids in this millisecond (the
    // version-4 id's random digits 15-17).
    sequence = parseInt(random.slice(15, 18), 16) & 0x7ff;
  }
  // "-" + variant digit (8, 9, a or b) + 3 random digits + "-" + 12 random digits.
  return prefix + sequenceHex[sequence]! + random.slice(18);
}
