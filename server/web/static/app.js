// First-party script (CSP: script-src 'self'). Moves focus to the first invalid field after a failed submit.
document.addEventListener('DOMContentLoaded', () => {
  const invalid = document.querySelector('[aria-invalid="true"]');
  if (invalid instanceof HTMLElement) invalid.focus();
});
