import type { Component } from 'solid-js';
import { For } from 'solid-js';
import type { RangeDays } from './analytics-range';
import { rangeChoices } from './analytics-range';

/** 7, 30 or 90 days, as a button group. */
export const RangePicker: Component<{ days: RangeDays; onChange: (days: RangeDays) => void }> = (props) => (
  <fieldset class="btn-group btn-group-sm" aria-label="Days shown" data-testid="analytics-range">
    <For each={rangeChoices}>
      {(days) => (
        <button
          type="button"
          class="btn"
          classList={{
            'btn-primary': props.days === days,
            'btn-outline-secondary': props.days !== days,
          }}
          aria-pressed={props.days === days}
          onClick={() => props.onChange(days)}
          data-days={days}
        >
          {days} days
        </button>
      )}
    </For>
  </fieldset>
);
