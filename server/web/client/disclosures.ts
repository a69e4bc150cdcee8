// A closed <details> prints closed: a printed privacy notice would list records without their fields.
// Before printing, every closed disclosure opens; after, those it opened close again, so the reader's
// page is as they left it.
export function openDisclosuresForPrint(win: Window = window): void {
  let opened: HTMLDetailsElement[] = [];
  win.addEventListener('beforeprint', () => {
    opened = [...win.document.querySelectorAll<HTMLDetailsElement>('details.disclosure:not([open])')];
    for (const d of opened) d.open = true;
  });
  win.addEventListener('afterprint', () => {
    for (const d of opened) d.open = false;
    opened = [];
  });
}
