// The toast of the last action stays until it is dismissed (no timer: people read at their own pace)
// and gets a close button; Escape closes it too when focus is inside.
export function enhanceToasts(): void {
  const labels = document.documentElement.dataset;
  for (const toast of document.querySelectorAll<HTMLElement>('[data-toast]')) {
    const close = document.createElement('button');
    close.type = 'button';
    close.textContent = labels.dismissLabel ?? 'Dismiss';
    close.addEventListener('click', () => toast.remove());
    toast.appendChild(close);
  }
}
