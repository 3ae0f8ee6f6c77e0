import type { Component, JSX, ParentComponent } from 'solid-js';

/** A compact label/value list for card bodies; fill it with `<Detail>` rows. */
export const DetailList: ParentComponent = (props) => <dl class="row small mb-0 g-0">{props.children}</dl>;

export const Detail: ParentComponent<{ label: JSX.Element }> = (props) => (
  <>
    <dt class="col-6 fw-normal text-body-secondary">{props.label}</dt>
    <dd class="col-6 mb-1 text-end text-break">{props.children}</dd>
  </>
);

/** A label/value pair of a detail panel's `<dl class="row">` (the media detail, the moderation preview). */
export const DetailRow: Component<{ label: string; children: JSX.Element; testId?: string }> = (props) => (
  <>
    <dt class="col-5 fw-normal text-body-secondary">{props.label}</dt>
    <dd class="col-7 mb-1 text-break" data-testid={props.testId}>
      {props.children}
    </dd>
  </>
);
