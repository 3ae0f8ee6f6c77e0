import type { ChartConfiguration } from 'chart.js';
import {
  CategoryScale,
  Chart,
  Filler,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Tooltip,
} from 'chart.js';
import type { Component } from 'solid-js';
import { createEffect, For, onCleanup, onMount } from 'solid-js';
import type { DayCounts } from './series';

// Only the parts a line chart uses: the rest of Chart.js stays out of the bundle.
Chart.register(
  LineController,
  LineElement,
  PointElement,
  LinearScale,
  CategoryScale,
  Filler,
  Legend,
  Tooltip,
);

const dayLabel = new Intl.DateTimeFormat(undefined, { day: 'numeric', month: 'short', timeZone: 'UTC' });
const label = (day: string) => dayLabel.format(new Date(`${day}T00:00:00Z`));

/** The colours of the theme in force, read from Bootstrap's CSS variables (light and dark differ). */
function themeColors(element: Element) {
  const style = getComputedStyle(element);
  const read = (name: string) => style.getPropertyValue(name).trim();
  return {
    text: read('--bs-secondary-color'),
    grid: read('--bs-border-color-translucent'),
    views: read('--bs-primary'),
    viewsFill: `rgba(${read('--bs-primary-rgb')}, 0.15)`,
    downloads: read('--bs-success'),
  };
}

function config(
  rows: readonly DayCounts[],
  colors: ReturnType<typeof themeColors>,
): ChartConfiguration<'line'> {
  return {
    type: 'line',
    data: {
      labels: rows.map((row) => label(row.day)),
      datasets: [
        {
          label: 'Views',
          data: rows.map((row) => row.views),
          borderColor: colors.views,
          backgroundColor: colors.viewsFill,
          fill: 'origin',
          pointRadius: rows.length > 31 ? 0 : 2,
          tension: 0.25,
        },
        {
          label: 'Downloads',
          data: rows.map((row) => row.downloads),
          borderColor: colors.downloads,
          backgroundColor: colors.downloads,
          pointRadius: rows.length > 31 ? 0 : 2,
          tension: 0.25,
        },
      ],
    },
    options: {
      animation: false,
      maintainAspectRatio: false,
      interaction: { mode: 'index', intersect: false },
      plugins: { legend: { labels: { color: colors.text, boxWidth: 12 } } },
      scales: {
        x: { ticks: { color: colors.text, maxRotation: 0, autoSkipPadding: 12 }, grid: { display: false } },
        y: {
          beginAtZero: true,
          ticks: { color: colors.text, precision: 0 },
          grid: { color: colors.grid },
        },
      },
    },
  };
}

/**
 * Views and downloads per day as a line chart (Chart.js, on a canvas), with the same numbers in a table for
 * screen readers. Follows the colour mode: the theme toggle switches `data-bs-theme` on `<html>`.
 */
export const DailyChart: Component<{ rows: readonly DayCounts[] }> = (props) => {
  let canvas!: HTMLCanvasElement;
  let chart: Chart<'line'> | undefined;

  const render = () => {
    // The page's font (Bootstrap's system stack), not Chart.js's Helvetica default.
    Chart.defaults.font.family = getComputedStyle(canvas).fontFamily;
    const next = config(props.rows, themeColors(canvas));
    if (!chart) {
      chart = new Chart(canvas, next);
      return;
    }
    chart.data = next.data;
    chart.options = next.options ?? {};
    chart.update('none');
  };
  // Drawn once mounted, again with new rows (another range, a refetch) and when the colour mode changes.
  createEffect(render);
  onMount(() => {
    const recolor = new MutationObserver(render);
    recolor.observe(document.documentElement, { attributes: true, attributeFilter: ['data-bs-theme'] });
    onCleanup(() => recolor.disconnect());
  });
  onCleanup(() => chart?.destroy());

  return (
    <figure class="mb-0" data-testid="analytics-chart" data-days={props.rows.length}>
      <div class="position-relative" style={{ height: '16rem' }}>
        <canvas ref={canvas} role="img" aria-label="Views and downloads per day" />
      </div>
      <table class="visually-hidden" data-testid="analytics-chart-data">
        <caption>Views and downloads per day (UTC)</caption>
        <thead>
          <tr>
            <th scope="col">Day</th>
            <th scope="col">Views</th>
            <th scope="col">Downloads</th>
          </tr>
        </thead>
        <tbody>
          <For each={props.rows}>
            {(row) => (
              <tr data-day={row.day}>
                <th scope="row">{row.day}</th>
                <td>{row.views}</td>
                <td>{row.downloads}</td>
              </tr>
            )}
          </For>
        </tbody>
      </table>
    </figure>
  );
};
