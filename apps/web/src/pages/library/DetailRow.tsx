import type { Component, JSX } from 'solid-js';

/** One label/value pair of the detail panel's lists (`<dl class="row">`). */
export const DetailRow: Component<{ label: string; children: JSX.Element }> = (props) => (
  <>
    <dt class="col-5 fw-normal text-body-secondary">{props.label}</dt>
    <dd class="col-7 mb-1 text-break">{props.children}</dd>
  </>
);
