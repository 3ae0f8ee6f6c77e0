import type { ServiceState } from '@phoenix4ge/shared';
import type { Component } from 'solid-js';

const badgeClass: Record<ServiceState, string> = {
  healthy: 'text-bg-success',
  warning: 'text-bg-warning',
  unhealthy: 'text-bg-danger',
  unknown: 'text-bg-secondary',
};

const stateLabel: Record<ServiceState, string> = {
  healthy: 'Healthy',
  warning: 'Warning',
  unhealthy: 'Unhealthy',
  unknown: 'Unknown',
};

export const StatusBadge: Component<{ state: ServiceState; testId?: string }> = (props) => (
  <span class={`badge ${badgeClass[props.state]}`} data-testid={props.testId} data-status={props.state}>
    {stateLabel[props.state]}
  </span>
);
