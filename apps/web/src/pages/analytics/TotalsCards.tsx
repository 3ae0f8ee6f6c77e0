import type { Component } from 'solid-js';
import { For } from 'solid-js';

/** The range's views, downloads and edits, one card each. */
export const TotalsCards: Component<{ views: number; downloads: number; edits: number }> = (props) => {
  const cards = () => [
    { label: 'Views', value: props.views, testId: 'analytics-views-total', tone: 'text-primary' },
    { label: 'Downloads', value: props.downloads, testId: 'analytics-downloads-total', tone: 'text-success' },
    { label: 'Edits', value: props.edits, testId: 'analytics-edits-total', tone: 'text-body' },
  ];
  return (
    <div class="row g-3 mb-4">
      <For each={cards()}>
        {(card) => (
          <div class="col-sm-4">
            <div class="card shadow-sm h-100">
              <div class="card-body">
                <p class="text-body-secondary small mb-1">{card.label}</p>
                <p class={`h2 mb-0 ${card.tone}`} data-testid={card.testId} data-value={card.value}>
                  {card.value.toLocaleString()}
                </p>
              </div>
            </div>
          </div>
        )}
      </For>
    </div>
  );
};
