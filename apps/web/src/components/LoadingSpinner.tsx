import type { Component } from 'solid-js';

export const LoadingSpinner: Component<{ label: string }> = (props) => (
  <div class="d-flex align-items-center gap-2 text-body-secondary py-4" role="status">
    <div class="spinner-border spinner-border-sm" aria-hidden="true" />
    <span>{props.label}</span>
  </div>
);
