import type { ScenarioReport } from './report-model.js';
import { METRICS } from './scenarios.js';

const WIDTH = 860;
const LABEL = 330;
const BAR = 22;
const GAP = 10;
const TOP = 56;

function escapeXml(text: string): string {
  return text.replace(/[<>&'"]/g, (c) => `&#${c.charCodeAt(0)};`);
}

/**
 * A horizontal bar chart of Switchboard / baseline for each scenario's first metric (and any
 * metric with a target): a line at 1.0×, a tick at the target, green when the target is met.
 */
export function barChartSvg(reports: readonly ScenarioReport[], subtitle: string): string {
  const rows = reports.flatMap((r) =>
    r.rows
      .filter((row, i) => (i === 0 || row.target) && !row.reference && Number.isFinite(row.ratio))
      .map((row) => ({ report: r, row })),
  );
  const maxRatio = Math.max(2, ...rows.map(({ row }) => row.ratio), ...rows.map(({ row }) => row.target?.ratio ?? 0));
  const plot = WIDTH - LABEL - 70;
  const x = (ratio: number) => LABEL + (Math.min(ratio, maxRatio) / maxRatio) * plot;
  const height = TOP + rows.length * (BAR + GAP) + 30;
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${height}" viewBox="0 0 ${WIDTH} ${height}" font-family="sans-serif" font-size="12">`,
    `<rect width="100%" height="100%" fill="#fff"/>`,
    `<text x="10" y="20" font-size="15" font-weight="bold">Switchboard vs raw baseline (median ratio)</text>`,
    `<text x="10" y="38" fill="#555">${escapeXml(subtitle)}</text>`,
  ];
  rows.forEach(({ report, row }, i) => {
    const y = TOP + i * (BAR + GAP);
    const met = row.target ? row.target.met : true;
    const label = `${report.name} · ${METRICS[row.metric].label}`;
    parts.push(
      `<text x="${LABEL - 8}" y="${y + BAR / 2 + 4}" text-anchor="end">${escapeXml(label)}</text>`,
      `<rect x="${LABEL}" y="${y}" width="${(x(row.ratio) - LABEL).toFixed(1)}" height="${BAR}" fill="${met ? '#3a8f5c' : '#c4512d'}"/>`,
      `<text x="${(x(row.ratio) + 4).toFixed(1)}" y="${y + BAR / 2 + 4}">${row.ratio.toFixed(2)}×</text>`,
    );
    if (row.target) {
      const tx = x(row.target.ratio).toFixed(1);
      parts.push(
        `<line x1="${tx}" x2="${tx}" y1="${y - 3}" y2="${y + BAR + 3}" stroke="#000" stroke-width="2" stroke-dasharray="3 2"/>`,
      );
    }
  });
  const one = x(1).toFixed(1);
  parts.push(
    `<line x1="${one}" x2="${one}" y1="${TOP - 6}" y2="${height - 24}" stroke="#333"/>`,
    `<text x="${one}" y="${height - 10}" text-anchor="middle">1.0× (baseline)</text>`,
    '</svg>',
  );
  return `${parts.join('\n')}\n`;
}
