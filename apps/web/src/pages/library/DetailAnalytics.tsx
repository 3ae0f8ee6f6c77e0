import type { Component } from 'solid-js';
import { createMemo, Match, Show, Switch } from 'solid-js';
import type { MediaAnalytics } from '../../api/analytics';
import { useMediaAnalytics } from '../../api/analytics';
import { DetailRow as Row } from '../../components/DetailList';
import { Sparkline } from '../../components/Sparkline';
import { formatDateTime } from '../../lib/format';
import { latest } from '../../lib/query-client';
import { fillDays, totalsOf } from '../analytics/series';

/** How the item does on the portfolio site: its views of the last 30 days as a sparkline, and all-time totals. */
export const DetailAnalytics: Component<{ modelSlug: string; mediaId: number }> = (props) => {
  const query = useMediaAnalytics(
    () => props.modelSlug,
    () => props.mediaId,
  );
  return (
    <section aria-labelledby="detail-analytics-title" class="mb-3" data-testid="detail-analytics">
      <h3 class="h6" id="detail-analytics-title">
        Public analytics
      </h3>
      <Switch>
        <Match when={latest(query)}>{(data) => <AnalyticsSummary data={data()} />}</Match>
        <Match when={query.isError}>
          <p class="small text-danger mb-0">Could not load the analytics.</p>
        </Match>
        <Match when={true}>
          <p class="small text-body-secondary mb-0">Loading…</p>
        </Match>
      </Switch>
    </section>
  );
};

const AnalyticsSummary: Component<{ data: MediaAnalytics }> = (props) => {
  const days = createMemo(() => fillDays(props.data.range, props.data.days));
  const recent = createMemo(() => totalsOf(days()).views);
  const totals = () => props.data.totals;
  return (
    <>
      <div class="d-flex align-items-center gap-3 mb-2 text-primary">
        <Sparkline
          values={days().map((day) => day.views)}
          label={`Views per day, last ${days().length} days: ${recent()} in all`}
          testId="detail-sparkline"
        />
        <span class="small text-body-secondary">
          {recent().toLocaleString()} views in {days().length} days
        </span>
      </div>
      <dl class="row small mb-0 g-0" data-testid="detail-analytics-totals">
        <Row label="Views" testId="detail-analytics-views">
          {totals().views.toLocaleString()}
        </Row>
        <Row label="Downloads" testId="detail-analytics-downloads">
          {totals().downloads.toLocaleString()}
        </Row>
        <Row label="Edits" testId="detail-analytics-edits">
          {totals().edits.toLocaleString()}
        </Row>
        <Row label="Last viewed" testId="detail-analytics-last-viewed">
          <Show when={totals().lastViewedAt} fallback={<span class="text-body-secondary">never</span>}>
            {(at) => formatDateTime(at())}
          </Show>
        </Row>
        <Row label="Engagement score" testId="detail-analytics-score">
          {totals().engagementScore.toLocaleString(undefined, { maximumFractionDigits: 1 })}
        </Row>
      </dl>
    </>
  );
};
