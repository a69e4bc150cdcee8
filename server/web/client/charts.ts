// Charts (web/charts/) are SVG drawn on the server, with a table view and a CSV link that work
// without a script. This adds what HTML cannot do: a tooltip on hover, and on focus for keyboard
// users (the drawing takes focus, the arrow keys move from figure to figure, Escape hides the tip).
// The tooltip text comes from each mark's data-tip attribute: no charting library in the browser.
// It also sends a filter form (data-autosubmit) as soon as one of its fields changes.

function enhanceChart(canvas: HTMLElement): void {
  const marks = [...canvas.querySelectorAll<SVGElement>('.chart-mark[data-tip]')].sort(
    (a, b) => Number(a.dataset.category) - Number(b.dataset.category) || Number(a.dataset.series) - Number(b.dataset.series),
  );
  if (!marks.length) return;
  const tip = document.createElement('div');
  tip.className = 'chart-tip';
  tip.hidden = true;
  tip.setAttribute('aria-hidden', 'true');
  // What the keyboard reaches is also read out: a polite live region beside the visual tip.
  const spoken = document.createElement('p');
  spoken.className = 'visually-hidden';
  spoken.setAttribute('aria-live', 'polite');
  canvas.append(tip, spoken);
  canvas.tabIndex = 0;
  canvas.setAttribute('role', 'group');
  canvas.setAttribute('aria-label', canvas.dataset.keysHint ?? '');
  let active = 0;

  const show = (mark: SVGElement, fromKeyboard: boolean) => {
    for (const m of marks) m.classList.toggle('is-active', m === mark && fromKeyboard);
    tip.textContent = mark.dataset.tip ?? '';
    tip.hidden = false;
    const box = mark.getBoundingClientRect();
    const frame = canvas.getBoundingClientRect();
    const left = Math.min(Math.max(box.left + box.width / 2 - frame.left - tip.offsetWidth / 2, 0), Math.max(frame.width - tip.offsetWidth, 0));
    tip.style.left = `${left}px`;
    tip.style.top = `${Math.max(box.top - frame.top - tip.offsetHeight - 6, 0)}px`;
    if (fromKeyboard) spoken.textContent = tip.textContent;
  };
  const hide = () => {
    tip.hidden = true;
    for (const m of marks) m.classList.remove('is-active');
  };

  canvas.addEventListener('pointerover', (event) => {
    const mark = (event.target as Element).closest<SVGElement>('.chart-mark[data-tip]');
    if (mark) show(mark, false);
    else if (document.activeElement !== canvas) hide();
  });
  canvas.addEventListener('pointerleave', hide);
  canvas.addEventListener('focus', () => show(marks[active]!, true));
  canvas.addEventListener('blur', hide);
  // A tip shown by hover is dismissed with Escape too (WCAG 1.4.13), wherever focus is.
  document.addEventListener('keydown', (event) => {
    if (event.key === 'Escape') hide();
  });
  canvas.addEventListener('keydown', (event) => {
    const moves: Record<string, number> = { ArrowRight: 1, ArrowDown: 1, ArrowLeft: -1, ArrowUp: -1, Home: -marks.length, End: marks.length };
    const move = moves[event.key];
    if (move === undefined) return;
    event.preventDefault();
    active = Math.min(Math.max(active + move, 0), marks.length - 1);
    show(marks[active]!, true);
  });
}

export function enhanceCharts(): void {
  for (const canvas of document.querySelectorAll<HTMLElement>('[data-chart-canvas]')) enhanceChart(canvas);
  for (const form of document.querySelectorAll<HTMLFormElement>('form[data-autosubmit]')) {
    // A choice in a list is sent at once; a typed field (a date is typed part by part, each part a
    // valid date) once the person leaves it, so the page does not reload in the middle of typing.
    let typed = false;
    form.addEventListener('change', (event) => {
      if (event.target instanceof HTMLSelectElement) form.requestSubmit();
      else typed = true;
    });
    form.addEventListener('focusout', () => {
      if (typed) form.requestSubmit();
    });
  }
}
