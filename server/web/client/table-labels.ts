// On a phone a .table stacks its cells (app.css) and hides its header row, so a cell would read
// "Active" or "now" with nothing saying which column it is. Each cell without its own data-label
// takes its column's header text, shown before it as "Status: Active". Tables whose views write
// their labels (the privacy queue, the audit log) keep theirs. A cell that is empty or holds only
// buttons ("Sign out") or a menu's button ("Actions") needs no name: "Actions:" over nothing, or over a
// button, says nothing more. A row's own heading is a <th scope="row">: it names the row, not a column.
const onlyControls = (cell: HTMLTableCellElement): boolean => {
  const text = cell.textContent?.replace(/\s+/g, '') ?? '';
  const controls = [...cell.querySelectorAll('button, summary, select, input, textarea')].map((c) => c.textContent ?? '').join('').replace(/\s+/g, '');
  return text === controls;
};

export function labelStackedCells(root: ParentNode = document): void {
  for (const table of root.querySelectorAll<HTMLTableElement>('table.table')) {
    const headers = [...(table.tHead?.rows[0]?.cells ?? [])].map((th) => th.textContent?.trim() ?? '');
    if (!headers.some(Boolean)) continue;
    for (const body of table.tBodies) {
      for (const row of body.rows) {
        let column = 0;
        for (const cell of row.cells) {
          const header = headers[column];
          if (cell.tagName === 'TD' && header && !cell.hasAttribute('data-label') && !onlyControls(cell)) cell.setAttribute('data-label', header);
          column += cell.colSpan || 1;
        }
      }
    }
  }
}
