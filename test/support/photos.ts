// Images for the profile photo tests, made here so each test states what it sends: a JPEG carrying
// an EXIF block with a GPS position (what a phone camera writes), a PNG, and files that only claim
// to be images.
import { Jimp } from 'jimp';

/** A plain JPEG of the given size (a colour gradient, so re-encoding has something to keep). */
export async function jpeg(width = 320, height = 240): Promise<Buffer> {
  const image = new Jimp({ width, height, color: 0x3366ccff });
  for (let x = 0; x < width; x += 8) for (let y = 0; y < height; y += 8) image.setPixelColor((Math.floor((x * 255) / width) * 0x1000000 + Math.floor((y * 255) / height) * 0x10000 + 0x80ff) >>> 0, x, y);
  return image.getBuffer('image/jpeg', { quality: 90 });
}

export async function png(width = 100, height = 150): Promise<Buffer> {
  return new Jimp({ width, height, color: 0xcc3366ff }).getBuffer('image/png');
}

/** Eiffel Tower, as a phone would record it. */
export const GPS = { latitude: [48, 51, 29.6], longitude: [2, 17, 40.2] };
/** A text no re-encoded image can hold unless the metadata survived. */
export const EXIF_MARKER = 'OPSENIC-SECRET-CAMERA';

/** An EXIF APP1 segment (big-endian TIFF): IFD0 with a camera make and a GPS IFD with latitude and longitude. */
function exifSegment(): Buffer {
  const make = Buffer.from(`${EXIF_MARKER}\0`, 'latin1');
  // Layout: header 8 | IFD0 (2 entries) 2+24+4 = 30 -> 38 | GPS IFD (4 entries) 2+48+4 = 54 -> 92 | rationals 48 -> 140 | make
  const ifd0 = 8;
  const gpsIfd = 38;
  const rationals = 92;
  const makeAt = 140;
  const tiff = Buffer.alloc(makeAt + make.length);
  tiff.write('MM', 0, 'latin1');
  tiff.writeUInt16BE(42, 2);
  tiff.writeUInt32BE(ifd0, 4);
  const entry = (at: number, tag: number, type: number, count: number, value: (buf: Buffer, at: number) => void) => {
    tiff.writeUInt16BE(tag, at);
    tiff.writeUInt16BE(type, at + 2);
    tiff.writeUInt32BE(count, at + 4);
    value(tiff, at + 8);
  };
  tiff.writeUInt16BE(2, ifd0);
  entry(ifd0 + 2, 0x010f, 2, make.length, (b, at) => b.writeUInt32BE(makeAt, at)); // Make
  entry(ifd0 + 14, 0x8825, 4, 1, (b, at) => b.writeUInt32BE(gpsIfd, at)); // GPS IFD pointer
  tiff.writeUInt32BE(0, ifd0 + 26);
  tiff.writeUInt16BE(4, gpsIfd);
  entry(gpsIfd + 2, 0x0001, 2, 2, (b, at) => b.write('N\0', at, 'latin1'));
  entry(gpsIfd + 14, 0x0002, 5, 3, (b, at) => b.writeUInt32BE(rationals, at));
  entry(gpsIfd + 26, 0x0003, 2, 2, (b, at) => b.write('E\0', at, 'latin1'));
  entry(gpsIfd + 38, 0x0004, 5, 3, (b, at) => b.writeUInt32BE(rationals + 24, at));
  tiff.writeUInt32BE(0, gpsIfd + 50);
  [...GPS.latitude, ...GPS.longitude].forEach((v, i) => {
    tiff.writeUInt32BE(Math.round(v * 10), rationals + i * 8);
    tiff.writeUInt32BE(10, rationals + i * 8 + 4);
  });
  make.copy(tiff, makeAt);
  const payload = Buffer.concat([Buffer.from('Exif\0\0', 'latin1'), tiff]);
  const header = Buffer.from([0xff, 0xe1, 0, 0]);
  header.writeUInt16BE(payload.length + 2, 2);
  return Buffer.concat([header, payload]);
}

/** A JPEG with an EXIF block holding a GPS position and a camera make, right after the start of image. */
export async function jpegWithGps(): Promise<Buffer> {
  const plain = await jpeg();
  return Buffer.concat([plain.subarray(0, 2), exifSegment(), plain.subarray(2)]);
}
