import { prefetchSystemStatus } from '../../api/system';
import { queryClient } from '../../lib/query-client';

/** Route preload: the status request starts while the page's code is still downloading. */
export function preloadStatus() {
  void prefetchSystemStatus(queryClient);
}
