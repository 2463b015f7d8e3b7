// The overview's charts (Chart.js, served from its WebJar) and the refresh of a running replay's page. The data come
// from the page itself (data-chart), so the page works, with its numbers and tables, without this script.
'use strict';
const SERIES = [
  ['delivered', 'Delivered', '#1a6b3a'],
  ['skippedStale', 'Skipped as stale', '#6b7785'],
  ['deadLettered', 'Dead-lettered', '#a4161a'],
  ['retried', 'Retried', '#b25e00'],
];
document.querySelectorAll('canvas[data-chart]').forEach((canvas) => {
  const data = JSON.parse(canvas.dataset.chart);
  new Chart(canvas, {
    type: 'line',
    data: {
      labels: data.labels,
      datasets: SERIES.map(([key, label, colour]) => ({
        label, data: data[key], borderColor: colour, backgroundColor: colour, pointRadius: 0, borderWidth: 2, tension: 0.2,
      })),
    },
    options: {
      animation: false, responsive: true, maintainAspectRatio: false,
      interaction: { mode: 'index', intersect: false },
      scales: { y: { beginAtZero: true, ticks: { precision: 0 }, title: { display: true, text: 'records per minute' } },
        x: { ticks: { maxTicksLimit: 12 } } },
    },
  });
});
const main = document.querySelector('main[data-refresh]');
if (main) {
  setTimeout(() => window.location.reload(), Number(main.dataset.refresh));
}
