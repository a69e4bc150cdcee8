// A profile photo as the server keeps it: the upload is recognised by its first bytes (never by the
// type the browser claims), decoded and drawn again into a fresh square JPEG, so nothing of the file
// a person sent survives but its pixels: no EXIF block (GPS position, camera, date), no comments,
// no colour profile, no trailing bytes.
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import type * as jimpModule from 'jimp';
import { ValidationError } from '../../platform/errors.js';

export const PHOTO_MAX_BYTES = 5 * 1024 * 1024;
export const PHOTO_SIZES = { large: 256, small: 64 } as const;
/** Bigger images are refused before decoding: a small file can declare a huge picture (a decompression bomb). */
const MAX_PIXELS = 40_000_000;

// Loaded at the first upload, not at start-up: Jimp's codecs take ~35 MB and ~0.2 s to load, which
// every replica would pay for a feature used now and then (the foundation bench's idle RSS aim).
let jimpClass: typeof jimpModule.Jimp | undefined;
function jimp(): typeof jimpModule.Jimp {
  jimpClass ??= (createRequire(import.meta.url)('jimp') as typeof jimpModule).Jimp;
  return jimpClass;
}

export type PhotoFormat = 'jpeg' | 'png' | 'webp';

export interface EncodedPhoto {
  large: Buffer;
  small: Buffer;
  contentType: 'image/jpeg';
  etag: string;
}

/** The format named by the file's magic bytes, or undefined. */
export function sniffFormat(bytes: Buffer): PhotoFormat | undefined {
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'jpeg';
  if (bytes.length >= 8 && bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'png';
  if (bytes.length >= 12 && bytes.toString('latin1', 0, 4) === 'RIFF' && bytes.toString('latin1', 8, 12) === 'WEBP') return 'webp';
  return undefined;
}

/** Width and height from the header (PNG IHDR, JPEG start-of-frame), without decoding the pixels. */
export function declaredSize(bytes: Buffer, format: PhotoFormat): { width: number; height: number } | undefined {
  if (format === 'png') return bytes.length >= 24 ? { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) } : undefined;
  if (format !== 'jpeg') return undefined;
  let i = 2;
  while (i + 9 < bytes.length) {
    if (bytes[i] !== 0xff) return undefined;
    const marker = bytes[i + 1]!;
    if (marker === 0xff) {
      i += 1;
      continue;
    }
    // SOF0..SOF15 except DHT (C4), JPG (C8) and DAC (CC) carry the frame size.
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) return { height: bytes.readUInt16BE(i + 5), width: bytes.readUInt16BE(i + 7) };
    i += 2 + bytes.readUInt16BE(i + 2);
  }
  return undefined;
}

const invalid = (reason: string) => new ValidationError({ photo: reason });

/** Checks and re-encodes an upload; a ValidationError on `photo` says why it was refused. */
export async function encodePhoto(bytes: Buffer): Promise<EncodedPhoto> {
  if (bytes.length === 0) throw invalid('profile.photo.errors.empty');
  if (bytes.length > PHOTO_MAX_BYTES) throw invalid('profile.photo.errors.tooLarge');
  const format = sniffFormat(bytes);
  if (!format) throw invalid('profile.photo.errors.type');
  // Jimp (pure JavaScript) decodes JPEG and PNG; WebP needs its WebAssembly decoder, not installed.
  if (format === 'webp') throw invalid('profile.photo.errors.webp');
  const size = declaredSize(bytes, format);
  if (!size || size.width === 0 || size.height === 0) throw invalid('profile.photo.errors.unreadable');
  if (size.width * size.height > MAX_PIXELS) throw invalid('profile.photo.errors.dimensions');
  let image: Awaited<ReturnType<typeof jimpModule.Jimp.read>>;
  try {
    image = await jimp().read(bytes);
  } catch {
    throw invalid('profile.photo.errors.unreadable');
  }
  const draw = async (side: number) => {
    const copy = image.clone();
    copy.cover({ w: side, h: side });
    return copy.getBuffer('image/jpeg', { quality: 85 });
  };
  const large = await draw(PHOTO_SIZES.large);
  const small = await draw(PHOTO_SIZES.small);
  const etag = createHash('sha256').update(large).update(small).digest('hex').slice(0, 32);
  return { large, small, contentType: 'image/jpeg', etag };
}
