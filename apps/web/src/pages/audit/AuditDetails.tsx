import { A } from '@solidjs/router';
import type { Component } from 'solid-js';
import { For, Show } from 'solid-js';
import type { ReadableDetails } from './audit-details';

/** Media links shown before "and N more". */
const MEDIA_LINKS = 8;

/** A log entry's details as a sentence, links to the media it touched, and labelled fields (never raw JSON). */
export const AuditDetails: Component<{ details: ReadableDetails; modelSlug: string | null }> = (props) => {
  const shownIds = () => props.details.mediaIds.slice(0, MEDIA_LINKS);
  const moreIds = () => props.details.mediaIds.length - shownIds().length;
  return (
    <div class="small" data-testid="log-details">
      <Show when={props.details.summary}>
        {(summary) => (
          <div class="text-body" data-testid="log-details-summary">
            {summary()}
          </div>
        )}
      </Show>
      <Show when={shownIds().length > 0}>
        <div class="d-flex flex-wrap gap-1 my-1">
          <For each={shownIds()}>
            {(id) => (
              <Show when={props.modelSlug} fallback={<span class="badge text-bg-light border">#{id}</span>}>
                {(slug) => (
                  <A
                    href={`/m/${slug()}/library?media=${id}`}
                    class="badge text-bg-light border text-decoration-none"
                    title={`Open photo #${id} in the library`}
                    data-testid="log-details-media"
                  >
                    #{id}
                  </A>
                )}
              </Show>
            )}
          </For>
          <Show when={moreIds() > 0}>
            <span class="text-body-secondary">and {moreIds()} more</span>
          </Show>
        </div>
      </Show>
      <Show when={props.details.fields.length > 0}>
        <dl class="row g-0 mb-0 text-body-secondary" data-testid="log-details-fields">
          <For each={props.details.fields}>
            {(field) => (
              <>
                <dt class="col-5 fw-normal text-truncate" title={field.label}>
                  {field.label}
                </dt>
                <dd class="col-7 mb-0 text-break text-body">{field.value}</dd>
              </>
            )}
          </For>
        </dl>
      </Show>
      <Show when={!props.details.summary && props.details.fields.length === 0 && shownIds().length === 0}>
        <span class="text-body-secondary">–</span>
      </Show>
    </div>
  );
};
