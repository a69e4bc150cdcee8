// yazl checksums every byte it zips with buffer-crc32, a byte-at-a-time loop in JavaScript: about a
// second of CPU for a 150 MB export. Node has zlib's native crc32 since 20.15; this points the module
// yazl uses at it (same results, same signature: unsigned(buffer, previous)). Imported for its
// effect by export.ts; where zlib.crc32 is missing, nothing changes.
import { createRequire } from 'node:module';
import zlib from 'node:zlib';

type Crc32Module = { unsigned(input: Buffer | string, previous?: number | Buffer): number };

const require = createRequire(createRequire(import.meta.url).resolve('yazl'));
const bufferCrc32 = require('buffer-crc32') as Crc32Module;
const nativeCrc32 = (zlib as unknown as { crc32?: (data: Buffer | string, value?: number) => number }).crc32;

if (nativeCrc32) {
  bufferCrc32.unsigned = (input, previous) => nativeCrc32(input, Buffer.isBuffer(previous) ? previous.readUInt32BE(0) : (previous ?? 0) >>> 0);
}

export const crc32IsNative = Boolean(nativeCrc32);
