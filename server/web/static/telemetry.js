// First-party telemetry (CSP: script-src 'self'; no inline code). Served only where the config
// allows it (see the data-* attributes the server sets on this script tag):
// - data-crash="on": browser JavaScript errors are reported to POST /api/v1/telemetry/crash
//   (at most 5 per page, message/stack/location only);
// - data-settings="on" (only after consent and without Global Privacy Control): screen size,
//   time zone and language are sent once to POST /api/v1/telemetry/device.
(() => {
  const script = document.currentScript;
  if (!(script instanceof HTMLScriptElement)) return;
  const crashOn = script.dataset.crash === 'on';
  const settingsOn = script.dataset.settings === 'on';
  let token;
  const csrf = async () => {
    if (!token) {
      const reply = await fetch('/api/v1/csrf-token', { credentials: 'same-origin', headers: { accept: 'application/json' } });
      token = (await reply.json()).csrfToken;
    }
    return token;
  };
  const post = async (path, body) => {
    try {
      await fetch(path, {
        method: 'POST',
        credentials: 'same-origin',
        headers: { 'content-type': 'application/json', accept: 'application/json', 'x-csrf-token': await csrf() },
        body: JSON.stringify(body),
      });
    } catch {
      // Telemetry never disturbs the page.
    }
  };
  const cut = (text, max) => (typeof text === 'string' ? text.slice(0, max) : undefined);

  if (crashOn) {
    let sent = 0;
    const report = (error, fallback, source, line, column) => {
      if (sent >= 5) return;
      sent += 1;
      const name = error && typeof error.name === 'string' ? error.name : undefined;
      const message = (error && typeof error.message === 'string' && error.message) || String(fallback || 'Unknown error');
      void post('/api/v1/telemetry/crash', {
        name: cut(name, 100),
        message: cut(message, 2000),
        stack: cut(error && error.stack, 8000),
        source: cut(source ? String(source).split(/[?#]/)[0] : undefined, 500),
        line: Number.isInteger(line) ? line : undefined,
        column: Number.isInteger(column) ? column : undefined,
        page: cut(location.pathname, 200),
      });
    };
    window.addEventListener('error', (event) => report(event.error, event.message, event.filename, event.lineno, event.colno));
    window.addEventListener('unhandledrejection', (event) => report(event.reason instanceof Error ? event.reason : undefined, event.reason));
  }

  if (settingsOn) {
    void post('/api/v1/telemetry/device', {
      screenWidth: Math.round(window.screen.width),
      screenHeight: Math.round(window.screen.height),
      timeZone: cut(Intl.DateTimeFormat().resolvedOptions().timeZone, 64),
      language: cut(navigator.language, 35),
    });
  }
})();
