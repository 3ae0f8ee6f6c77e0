import type { Component } from 'solid-js';

const badgeClass: Record<string, string> = {
  admin: 'text-bg-dark',
  editor: 'text-bg-primary',
  viewer: 'text-bg-secondary',
};

/** A role (admin, editor, viewer) as a small badge. */
export const RoleBadge: Component<{ role: string; testId?: string }> = (props) => (
  <span
    class={`badge ${badgeClass[props.role] ?? 'bg-body-tertiary text-body'}`}
    data-testid={props.testId}
    data-role={props.role}
  >
    {props.role}
  </span>
);
