import type { JobState } from '@phoenix4ge/shared';
import type { Component } from 'solid-js';
import { stateColours, stateLabels } from './job-labels';

export const JobStateBadge: Component<{ state: JobState | 'unknown' }> = (props) => (
  <span class={`badge text-bg-${stateColours[props.state]}`} data-testid="job-state" data-state={props.state}>
    {stateLabels[props.state]}
  </span>
);
