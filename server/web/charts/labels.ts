// The words around a chart in the reader's language: figures with their unit (plural-aware, numbers
// through Intl), the "hidden" legend entry with the anonymity threshold, the table and CSV labels.
import type { Translate } from '../../platform/i18n.js';
import type { ChartLabels } from './figure.js';

/** The units InsightChart.unit may name; another unit shows the bare number. */
export const chartUnits = ['people', 'nodes', 'percent', 'days', 'items', 'sections', 'feedback', 'discussions'] as const;

export function chartLabels(t: Translate, language: string, k: number): ChartLabels {
  const number = new Intl.NumberFormat(language, { maximumFractionDigits: 1 });
  return {
    value(value, unit) {
      const n = number.format(value);
      return (chartUnits as readonly string[]).includes(unit) ? t(`charts.units.${unit}`, { count: value, n }) : n;
    },
    hidden: t('charts.hidden', { count: k }),
    tableView: t('charts.tableView'),
    downloadCsv: t('charts.downloadCsv'),
    keysHint: t('charts.keysHint'),
  };
}
