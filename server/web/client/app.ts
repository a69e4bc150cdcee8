// The shell's one client bundle (built by esbuild, web/assets.ts). Every page works without it; it
// adds what HTML alone cannot do: the drawer and collapsed sidebar, closing menus, confirmation
// dialogs, toasts, the people picker and @mentions, chart tooltips, filter forms that send themselves,
// column names on a phone's stacked table cells, and disclosures opened for printing.
import { enhanceShell } from './shell.js';
import { enhanceConfirmations } from './confirm.js';
import { enhanceToasts } from './toasts.js';
import { enhancePickers } from './picker.js';
import { enhanceMentions } from './mentions.js';
import { enhanceCharts } from './charts.js';
import { labelStackedCells } from './table-labels.js';
import { openDisclosuresForPrint } from './disclosures.js';

function start(): void {
  // After a failed submit, focus goes to the first invalid field.
  const invalid = document.querySelector('[aria-invalid="true"]');
  if (invalid instanceof HTMLElement) invalid.focus();
  enhanceShell();
  enhanceConfirmations();
  enhanceToasts();
  enhancePickers();
  enhanceMentions();
  enhanceCharts();
  labelStackedCells();
  openDisclosuresForPrint();
}

if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
else start();
