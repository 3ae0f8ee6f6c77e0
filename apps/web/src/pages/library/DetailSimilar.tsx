import type { Component } from 'solid-js';
import { For, Match, Switch } from 'solid-js';
import type { MediaDetail, useSimilarMedia } from '../../api/media';
import { latest } from '../../lib/query-client';
import { placeholderUrl } from '../../lib/thumbhash';
import { mediaCardId } from '../../stores/media-focus';

/** Likely near-duplicates of the item (by perceptual hash); choosing one shows it in the panel. */
export const DetailSimilar: Component<{
  detail: MediaDetail;
  similar: ReturnType<typeof useSimilarMedia>;
  onSelect: (id: number) => void;
}> = (props) => {
  const similar = () => latest(props.similar);
  return (
    <section class="col-12" aria-labelledby="detail-similar-title" data-testid="detail-similar">
      <h3 class="h6" id="detail-similar-title">
        Likely near-duplicates
      </h3>
      <Switch>
        <Match when={similar()?.ready === false && props.detail.processingStatus === 'failed'}>
          <p class="small text-body-secondary mb-0" data-state="failed">
            Not available: processing failed.
          </p>
        </Match>
        <Match when={similar()?.ready === false}>
          <p class="small text-body-secondary mb-0" data-state="processing">
            Still processing — near-duplicates are found once the item is ready.
          </p>
        </Match>
        <Match when={similar()?.items.length === 0}>
          <p class="small text-body-secondary mb-0" data-state="none">
            None found.
          </p>
        </Match>
        <Match when={similar()}>
          {(found) => (
            <div class="d-flex flex-wrap gap-2" data-state="found">
              <For each={found().items}>
                {(item) => (
                  <a
                    href={`#${mediaCardId(item.id)}`}
                    class="d-block text-decoration-none small text-center"
                    style={{ width: '6rem' }}
                    title={`${item.originalFilename} (${item.distance} bits apart)`}
                    onClick={(event) => {
                      event.preventDefault();
                      props.onSelect(item.id);
                    }}
                    data-testid="similar-item"
                    data-media-id={item.id}
                  >
                    <img
                      src={item.thumbUrl ?? placeholderUrl(item.placeholder) ?? ''}
                      alt={item.originalFilename}
                      class="rounded border object-fit-cover"
                      width="96"
                      height="96"
                    />
                    <span class="d-block text-truncate">{item.originalFilename}</span>
                  </a>
                )}
              </For>
            </div>
          )}
        </Match>
        <Match when={props.similar.isError}>
          <p class="small text-danger mb-0">Could not look for near-duplicates.</p>
        </Match>
        <Match when={true}>
          <p class="small text-body-secondary mb-0">Looking…</p>
        </Match>
      </Switch>
    </section>
  );
};
