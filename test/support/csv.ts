// Parses RFC 4180 CSV (quoted fields may hold commas, quotes and line breaks) into rows of cells, for
// asserting on exports. Rows must end with CRLF; a bare line feed outside quotes is an error, so a
// test also learns when the line endings are wrong.
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch !== '"') cell += ch;
      else if (text[i + 1] === '"') cell += text[++i];
      else quoted = false;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(cell);
      cell = '';
    } else if (ch === '\r' && text[i + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      i++;
    } else if (ch === '\n' || ch === '\r') throw new Error(`a bare line break outside quotes at ${i}`);
    else cell += ch;
  }
  if (quoted) throw new Error('the CSV ends inside a quoted cell');
  if (cell || row.length) throw new Error('the last row does not end with CRLF');
  return rows;
}
