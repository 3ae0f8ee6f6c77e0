import type { Component } from 'solid-js';
import { createMemo, Show, Suspense } from 'solid-js';
import type { AnalyticsOverview } from '../../api/analytics';
import { useAnalyticsCsv, useAnalyticsOverview } from '../../api/analytics';
import { EmptyState } from '../../components/EmptyState';
import { LoadingSpinner } from '../../components/LoadingSpinner';
import { PageHeader } from '../../components/PageHeader';
import { QueryResult } from '../../components/QueryResult';
import { useCurrentModel } from '../../layouts/ModelLayout';
import { describeError } from '../../lib/errors';
import { saveTextFile } from '../../lib/save-file';
import { showToast } from '../../stores/toasts';
import { CategoryTotals } from './CategoryTotals';
import { DailyChart } from './DailyChart';
import { RangePicker } from './RangePicker';
import { useRangeParam } from './range-param';
import { fillDays, totalsOf } from './series';
import { TopPhotos } from './TopPhotos';
import { TotalsCards } from './TotalsCards';

/**
 * One model's analytics: views and downloads of its public photos per day (counted by the portfolio site and
 * the public download route, flushed every minute), its top photos, totals per category, and a CSV export of
 * every photo's days. The range (7, 30, 90 days) is in the URL. Loaded lazily with Chart.js.
 */
const AnalyticsPage: Component = () => {
  const current = useCurrentModel();
  const slug = () => current.model().slug;
  const range = useRangeParam();
  const input = createMemo(() => ({ modelSlug: slug(), ...range.range() }));
  const overview = useAnalyticsOverview(input);
  const csv = useAnalyticsCsv();

  const exportCsv = () =>
    csv.mutate(input(), {
      onSuccess: (file) => {
        saveTextFile(file.filename, file.csv, 'text/csv;charset=utf-8');
        if (file.truncated)
          showToast('The export holds the first 100,000 rows only: choose fewer days.', 'info');
      },
      onError: (error) => showToast(`Could not export: ${describeError(error)}`, 'danger'),
    });

  return (
    <div class="container py-4" data-testid="analytics-page">
      <PageHeader
        title="Analytics"
        description={
          <>
            How {current.model().displayName}'s public photos are seen: views on the portfolio site and
            downloads, per UTC day, updated every minute.
          </>
        }
      >
        <RangePicker days={range.days()} onChange={range.setDays} />
        <button
          type="button"
          class="btn btn-outline-primary btn-sm"
          disabled={csv.isPending}
          onClick={exportCsv}
          data-testid="analytics-export"
        >
          <Show when={csv.isPending} fallback="Export CSV">
            <span class="spinner-border spinner-border-sm me-1" aria-hidden="true" />
            Exporting…
          </Show>
        </button>
      </PageHeader>
      {/* The header and range stay while the first answer loads (the page would suspend whole). */}
      <Suspense fallback={<LoadingSpinner label="Loading the analytics…" />}>
        <QueryResult
          query={overview}
          loading="Loading the analytics…"
          errorTitle="Could not load the analytics"
          testId="analytics"
        >
          {(data) => <Overview modelSlug={slug()} data={data()} />}
        </QueryResult>
      </Suspense>
    </div>
  );
};

const Overview: Component<{ modelSlug: string; data: AnalyticsOverview }> = (props) => {
  const rows = createMemo(() => fillDays(props.data.range, props.data.days));
  const totals = createMemo(() => totalsOf(rows()));
  const portfolio = () => `/portfolio/${encodeURIComponent(props.modelSlug)}`;
  return (
    <>
      <TotalsCards views={totals().views} downloads={totals().downloads} edits={totals().edits} />
      <div class="card shadow-sm mb-4">
        <div class="card-header bg-body-tertiary d-flex justify-content-between align-items-baseline">
          <h2 class="h6 mb-0">Views and downloads per day</h2>
          <span class="small text-body-secondary" data-testid="analytics-range-label">
            {props.data.range.from} – {props.data.range.to} (UTC)
          </span>
        </div>
        <div class="card-body">
          <Show
            when={totals().views + totals().downloads > 0}
            fallback={
              <EmptyState
                title={
                  <>
                    No views yet — the portfolio page at{' '}
                    <a href={portfolio()} target="_blank" rel="noopener">
                      {portfolio()}
                    </a>{' '}
                    reports them
                  </>
                }
                hint="Only approved, published photos are counted; bots are ignored and each visitor counts once per photo a day."
                testId="analytics-empty"
              />
            }
          >
            <DailyChart rows={rows()} />
          </Show>
        </div>
      </div>
      <div class="row g-4">
        <div class="col-lg-7">
          <TopPhotos modelSlug={props.modelSlug} items={props.data.top} />
        </div>
        <div class="col-lg-5">
          <CategoryTotals categories={props.data.categories} />
        </div>
      </div>
    </>
  );
};

export default AnalyticsPage;
