import { useSearchParams } from '@solidjs/router';
import { createMemo } from 'solid-js';
import type { RangeDays } from './analytics-range';
import { DEFAULT_DAYS, parseDays, rangeOf } from './analytics-range';

/**
 * The range of an analytics page from `?days=` (the default left out of the URL), and the days it covers as of
 * when it was chosen: a page left open over midnight keeps its days until the range changes.
 */
export function useRangeParam() {
  const [params, setParams] = useSearchParams();
  const days = createMemo(() => parseDays(params.days));
  const range = createMemo(() => rangeOf(days(), Date.now()));
  const setDays = (next: RangeDays) =>
    setParams({ days: next === DEFAULT_DAYS ? undefined : String(next) }, { scroll: false });
  return { days, range, setDays };
}
