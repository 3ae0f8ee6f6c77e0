import type { Component } from 'solid-js';
import { sparklinePoints } from '../lib/sparkline';

const WIDTH = 120;
const HEIGHT = 28;

/** A tiny inline line of `values` (oldest first) in the current text colour; `label` says what it shows. */
export const Sparkline: Component<{ values: readonly number[]; label: string; testId?: string }> = (
  props,
) => (
  <svg
    viewBox={`-1 -1 ${WIDTH + 2} ${HEIGHT + 2}`}
    width={WIDTH}
    height={HEIGHT}
    role="img"
    aria-label={props.label}
    data-testid={props.testId}
    data-values={props.values.join(',')}
  >
    <title>{props.label}</title>
    <polyline
      points={sparklinePoints(props.values, WIDTH, HEIGHT)}
      fill="none"
      stroke="currentColor"
      stroke-width="1.5"
      stroke-linejoin="round"
      stroke-linecap="round"
      vector-effect="non-scaling-stroke"
    />
  </svg>
);
