// The byte-level readers of PostgreSQL's COPY output used by the access export: one JSON value per
// row framed by binary COPY, and CSV rows re-ended with CRLF. Both must hold whatever the chunking.
import assert from 'node:assert/strict';
import { Readable, type Transform } from 'node:stream';
import { CsvRowsToCrlf, JsonValuesFromBinaryCopy } from '../../server/db/copy-out.js';

/** A binary COPY stream of one-column rows (null for a NULL value), with a header extension. */
function binaryCopy(values: Array<string | null>): Buffer {
  const parts = [Buffer.from('PGCOPY\n\xff\r\n\0', 'latin1'), Buffer.from([0, 0, 0, 0, 0, 0, 0, 3]), Buffer.from('ext')];
  for (const value of values) {
    const head = Buffer.alloc(6);
    head.writeInt16BE(1, 0);
    head.writeInt32BE(value === null ? -1 : Buffer.byteLength(value), 2);
    parts.push(head, Buffer.from(value ?? ''));
  }
  parts.push(Buffer.from([0xff, 0xff]));
  return Buffer.concat(parts);
}

async function through(transform: Transform, input: Buffer, chunkSize: number): Promise<string> {
  const chunks: Buffer[] = [];
  for (let i = 0; i < input.length; i += chunkSize) chunks.push(input.subarray(i, i + chunkSize));
  const out: Buffer[] = [];
  for await (const chunk of Readable.from(chunks).pipe(transform)) out.push(chunk as Buffer);
  return Buffer.concat(out).toString('utf8');
}

describe('COPY output readers', () => {
  const rows = ['["a",1,null]', '["é, \\"quoted\\"",2.5,true]', '[]'];

  it('when a binary COPY of JSON values arrives in chunks of any size, then the values come out joined by commas and counted', async () => {
    const input = binaryCopy(rows);
    for (const size of [1, 2, 5, 7, 19, 64, input.length]) {
      const reader = new JsonValuesFromBinaryCopy();
      assert.equal(await through(reader, input, size), rows.join(','), `chunks of ${size}`);
      assert.equal(reader.rows, 3);
    }
    assert.equal(JSON.parse(`[${rows.join(',')}]`).length, 3);
  });

  it('when the binary COPY has no rows, then nothing comes out', async () => {
    const reader = new JsonValuesFromBinaryCopy();
    assert.equal(await through(reader, binaryCopy([]), 3), '');
    assert.equal(reader.rows, 0);
  });

  it('when the stream is not binary COPY, holds a NULL or ends inside a row, then the reader fails', async () => {
    await assert.rejects(through(new JsonValuesFromBinaryCopy(), Buffer.from('id,name\n1,x\n'.repeat(3)), 8), /not a binary COPY/);
    await assert.rejects(through(new JsonValuesFromBinaryCopy(), binaryCopy(['[1]', null]), 4), /NULL/);
    const cut = binaryCopy(rows);
    await assert.rejects(through(new JsonValuesFromBinaryCopy(), cut.subarray(0, cut.length - 6), 4), /ended inside a row/);
  });

  it('when CSV rows end with LF, then they end with CRLF and line feeds inside quoted values stay, whatever the chunking', async () => {
    const csv = 'id,note\n1,"two\nlines, ""quoted"""\n2,plain\n3,"""\n"""\n';
    const expected = 'id,note\r\n1,"two\nlines, ""quoted"""\r\n2,plain\r\n3,"""\n"""\r\n';
    for (const size of [1, 2, 3, 11, csv.length]) assert.equal(await through(new CsvRowsToCrlf(), Buffer.from(csv), size), expected, `chunks of ${size}`);
  });
});
