// Destructive forms carry data-confirm="question": before they are sent, a <dialog> asks, with the
// safe choice focused. Without a script the form is sent at once (and the page offers undo).
let dialog: HTMLDialogElement | undefined;

function confirmDialog(): HTMLDialogElement {
  if (dialog) return dialog;
  dialog = document.createElement('dialog');
  dialog.className = 'confirm';
  dialog.setAttribute('aria-labelledby', 'confirm-title');
  dialog.innerHTML = '<form method="dialog"><h2 id="confirm-title"></h2><p class="muted" id="confirm-detail"></p><div class="actions"><button value="cancel" class="secondary"></button><button value="ok" class="danger"></button></div></form>';
  document.body.appendChild(dialog);
  return dialog;
}

export function enhanceConfirmations(): void {
  const labels = document.documentElement.dataset;
  document.addEventListener('submit', (event) => {
    const form = event.target as HTMLFormElement;
    const question = form.dataset.confirm;
    if (!question || form.dataset.confirmed === '1' || typeof HTMLDialogElement === 'undefined') return;
    event.preventDefault();
    const d = confirmDialog();
    d.querySelector('#confirm-title')!.textContent = question;
    d.querySelector('#confirm-detail')!.textContent = form.dataset.confirmDetail ?? '';
    const [cancel, ok] = d.querySelectorAll('button');
    cancel!.textContent = labels.cancelLabel ?? 'Cancel';
    ok!.textContent = form.dataset.confirmAction ?? labels.confirmLabel ?? 'Delete';
    d.returnValue = '';
    d.addEventListener(
      'close',
      () => {
        if (d.returnValue !== 'ok') return;
        form.dataset.confirmed = '1';
        form.requestSubmit((event as SubmitEvent).submitter ?? undefined);
      },
      { once: true },
    );
    d.showModal();
    cancel!.focus();
  });
}
