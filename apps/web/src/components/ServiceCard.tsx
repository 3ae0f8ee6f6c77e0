import type { ServiceName, ServiceState } from '@phoenix4ge/shared';
import type { JSX, ParentComponent } from 'solid-js';
import { Show } from 'solid-js';
import { StatusBadge } from './StatusBadge';

const borderClass: Record<ServiceState, string> = {
  healthy: '',
  warning: 'border-warning',
  unhealthy: 'border-danger',
  unknown: '',
};

interface ServiceCardProps {
  part: ServiceName;
  title: JSX.Element;
  state: ServiceState;
  error?: string | undefined;
}

/** One part of the system: title and state badge in the header, details and the part's error below. */
export const ServiceCard: ParentComponent<ServiceCardProps> = (props) => (
  <section
    class={`card h-100 shadow-sm ${borderClass[props.state]}`}
    data-testid={`service-${props.part}`}
    aria-labelledby={`service-${props.part}-title`}
  >
    <div class="card-header bg-body d-flex justify-content-between align-items-center gap-2">
      <h2 class="h6 mb-0" id={`service-${props.part}-title`}>
        {props.title}
      </h2>
      <StatusBadge state={props.state} testId={`status-${props.part}`} />
    </div>
    <div class="card-body">
      {props.children}
      <Show when={props.error}>
        {(error) => <p class="small text-danger-emphasis mb-0 mt-2 text-break">{error()}</p>}
      </Show>
    </div>
  </section>
);
