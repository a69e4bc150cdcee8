// Reads a zip archive (stored or deflated entries, no zip64) into name -> contents, for asserting
// on exports. Parses the central directory and checks each entry's CRC-32, as any unzip tool does
// (with its own table-driven CRC, independent of the zlib one the exporter uses).
import zlib from 'node:zlib';

export function readZip(buffer: Buffer): Map<string, Buffer> {
  let eocd = -1;
  for (let i = buffer.length - 22; i >= Math.max(0, buffer.length - 65_557); i--) {
    if (buffer.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new Error('not a zip archive: no end of central directory record');
  const entries = buffer.readUInt16LE(eocd + 10);
  let offset = buffer.readUInt32LE(eocd + 16);
  const files = new Map<string, Buffer>();
  for (let n = 0; n < entries; n++) {
    if (buffer.readUInt32LE(offset) !== 0x02014b50) throw new Error(`bad central directory entry at ${offset}`);
    const method = buffer.readUInt16LE(offset + 10);
    const compressedSize = buffer.readUInt32LE(offset + 20);
    const nameLength = buffer.readUInt16LE(offset + 28);
    const extraLength = buffer.readUInt16LE(offset + 30);
    const commentLength = buffer.readUInt16LE(offset + 32);
    const localOffset = buffer.readUInt32LE(offset + 42);
    const name = buffer.subarray(offset + 46, offset + 46 + nameLength).toString('utf8');
    const localStart = localOffset + 30 + buffer.readUInt16LE(localOffset + 26) + buffer.readUInt16LE(localOffset + 28);
    const data = buffer.subarray(localStart, localStart + compressedSize);
    const contents = method === 0 ? Buffer.from(data) : zlib.inflateRawSync(data);
    const crc = buffer.readUInt32LE(offset + 16);
    if (referenceCrc32(contents) !== crc) throw new Error(`${name}: CRC-32 mismatch (stored ${crc.toString(16)}, computed ${referenceCrc32(contents).toString(16)})`);
    files.set(name, contents);
    offset += 46 + nameLength + extraLength + commentLength;
  }
  return files;
}

const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function referenceCrc32(data: Buffer): number {
  let crc = 0xffffffff;
  for (let i = 0; i < data.length; i++) crc = crcTable[(crc ^ data[i]!) & 0xff]! ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

type ExportDocument = { tables: Record<string, { columns: string[]; rows: unknown[][] }> };

/** The rows of one table of an access export's data.json, as objects keyed by its columns. */
export function exportedRows(document: ExportDocument, table: string): Array<Record<string, unknown>> {
  const { columns, rows } = document.tables[table]!;
  return rows.map((values) => Object.fromEntries(columns.map((c, i) => [c, values[i]])));
}
