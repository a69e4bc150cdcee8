// Sidebar: a drawer on phones (Escape and the scrim close it, focus moves in and back), collapsed to
// icons on wide screens at the person's choice (kept in localStorage: a display preference that never
// leaves the browser). The user menu closes on Escape and on a click elsewhere.
const COLLAPSED = 'opsenic.sidebar.collapsed';

export function enhanceShell(): void {
  const sidebar = document.getElementById('sidebar');
  if (!sidebar) return;
  const toggle = document.querySelector<HTMLAnchorElement>('[data-drawer-toggle]');
  const scrim = document.querySelector<HTMLElement>('[data-drawer-scrim]');
  const close = sidebar.querySelector<HTMLAnchorElement>('.drawer-close');

  const setOpen = (open: boolean) => {
    if (open) sidebar.setAttribute('data-open', '');
    else sidebar.removeAttribute('data-open');
    toggle?.setAttribute('aria-expanded', String(open));
    if (open) sidebar.querySelector<HTMLElement>('.side-nav a')?.focus();
    else toggle?.focus();
  };
  toggle?.addEventListener('click', (event) => {
    event.preventDefault();
    setOpen(!sidebar.hasAttribute('data-open'));
  });
  close?.addEventListener('click', (event) => {
    event.preventDefault();
    setOpen(false);
  });
  scrim?.addEventListener('click', () => setOpen(false));
  document.addEventListener('keydown', (event) => {
    if (event.key !== 'Escape') return;
    if (sidebar.hasAttribute('data-open')) setOpen(false);
    for (const menu of document.querySelectorAll<HTMLDetailsElement>('details.menu[open]')) {
      menu.open = false;
      menu.querySelector('summary')?.focus();
    }
  });
  document.addEventListener('click', (event) => {
    for (const menu of document.querySelectorAll<HTMLDetailsElement>('details.menu[open]')) {
      if (!menu.contains(event.target as Node)) menu.open = false;
    }
  });

  const collapse = document.querySelector<HTMLButtonElement>('.collapse-toggle');
  if (collapse) {
    const apply = (collapsed: boolean) => {
      document.documentElement.classList.toggle('sidebar-collapsed', collapsed);
      collapse.setAttribute('aria-expanded', String(!collapsed));
      collapse.setAttribute('aria-label', (collapsed ? collapse.dataset.expandLabel : collapse.dataset.collapseLabel) ?? '');
    };
    let stored = false;
    try {
      stored = localStorage.getItem(COLLAPSED) === '1';
    } catch {
      // Storage refused (private mode): the sidebar stays open.
    }
    apply(stored);
    collapse.hidden = false;
    collapse.addEventListener('click', () => {
      const collapsed = !document.documentElement.classList.contains('sidebar-collapsed');
      apply(collapsed);
      try {
        localStorage.setItem(COLLAPSED, collapsed ? '1' : '0');
      } catch {
        // Not kept: fine, it is only a preference.
      }
    });
  }
}
