import type { Component } from 'solid-js';
import { createSignal, onCleanup } from 'solid-js';
import { formatAgo, formatDateTime } from '../lib/format';

/** "5 min ago", kept current while shown, with the exact moment in its tooltip. */
export const RelativeTime: Component<{ value: Date | string; testId?: string }> = (props) => {
  const [now, setNow] = createSignal(Date.now());
  const timer = setInterval(() => setNow(Date.now()), 30_000);
  onCleanup(() => clearInterval(timer));
  const at = () => (props.value instanceof Date ? props.value : new Date(props.value));
  return (
    <time
      datetime={at().toISOString()}
      title={formatDateTime(at(), { seconds: true })}
      data-testid={props.testId}
    >
      {formatAgo(at().getTime(), Math.max(now(), at().getTime()))}
    </time>
  );
};
