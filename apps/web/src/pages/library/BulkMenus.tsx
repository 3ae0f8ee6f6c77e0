import type { DownloadKind } from '@phoenix4ge/shared';
import type { Component } from 'solid-js';
import { createSignal, For, Show } from 'solid-js';
import { usePrepareDownload } from '../../api/library';
import { Dropdown } from '../../components/Dropdown';
import { fromDateTimeInput } from '../../lib/datetime-input';
import { describeError } from '../../lib/errors';
import { trpc } from '../../lib/trpc';
import { showToast } from '../../stores/toasts';
import type { Library } from './library.controller';
import { itemsWord } from './library.controller';
import { TagChip, TagInput } from './TagInput';

/** Move to a category: the menu names how many items go. */
export const MoveMenu: Component<{ library: Library; disabled: boolean }> = (props) => {
  const lib = () => props.library;
  return (
    <Dropdown
      label="Move to"
      toggleClass={`btn btn-sm btn-outline-secondary${props.disabled ? ' disabled' : ''}`}
      dropUp
      alignEnd
      menuClass="library-move-menu"
      testId="bulk-move"
    >
      <li>
        <h6 class="dropdown-header">
          Move {lib().selected() === undefined ? 'them' : itemsWord(lib().selected() ?? 0)} to
        </h6>
      </li>
      <For each={lib().categoriesData() ?? []}>
        {(category) => (
          <li>
            <button
              type="button"
              class="dropdown-item d-flex align-items-center gap-2"
              onClick={() =>
                void lib().runBulk({ type: 'move', categoryId: category.id }, `Moved to ${category.name}`)
              }
              data-testid="bulk-move-category"
              data-category-id={category.id}
            >
              <span class="color-dot" style={{ 'background-color': category.color }} aria-hidden="true" />
              {category.name}
            </button>
          </li>
        )}
      </For>
      <li>
        <hr class="dropdown-divider" />
      </li>
      <li>
        <button
          type="button"
          class="dropdown-item"
          onClick={() =>
            void lib().runBulk({ type: 'move', categoryId: null }, 'Moved out of their category')
          }
          data-testid="bulk-move-none"
        >
          No category
        </button>
      </li>
    </Dropdown>
  );
};

/** Add or remove tags on every selected item. */
export const TagsMenu: Component<{ library: Library; disabled: boolean }> = (props) => {
  const lib = () => props.library;
  const [tags, setTags] = createSignal<{ name: string; id?: number }[]>([]);
  const [resolving, setResolving] = createSignal(false);

  /** The ids of the chosen names (a name typed, not picked, is looked up); names that are no tag are left out. */
  async function tagIds(): Promise<number[]> {
    setResolving(true);
    try {
      const ids = await Promise.all(
        tags().map(async (tag) => {
          if (tag.id !== undefined) return tag.id;
          const found = await trpc.tags.suggest.query({
            modelSlug: lib().slug(),
            prefix: tag.name,
            limit: 50,
          });
          return found.find((candidate) => candidate.name.toLowerCase() === tag.name.toLowerCase())?.id;
        }),
      );
      return ids.filter((id): id is number => id !== undefined);
    } finally {
      setResolving(false);
    }
  }

  const names = () => tags().map((tag) => tag.name);
  const target = () => (lib().selected() === undefined ? 'them' : itemsWord(lib().selected() ?? 0));

  return (
    <Dropdown
      label="Tags"
      toggleClass={`btn btn-sm btn-outline-secondary${props.disabled ? ' disabled' : ''}`}
      dropUp
      alignEnd
      menuClass="p-3"
      testId="bulk-tags"
    >
      <li style={{ width: 'min(20rem, calc(100vw - 2rem))' }}>
        <label class="form-label small fw-semibold" for="bulk-tag-input">
          Tags for {target()}
        </label>
        <div class="d-flex flex-wrap gap-1 mb-2">
          <For each={tags()}>
            {(tag) => (
              <TagChip name={tag.name} onRemove={() => setTags(tags().filter((other) => other !== tag))} />
            )}
          </For>
        </div>
        <TagInput
          id="bulk-tag-input"
          modelSlug={lib().slug()}
          allowNew
          chosen={names()}
          onPick={(tag) => setTags([...tags(), tag])}
          onRemoveLast={() => setTags(tags().slice(0, -1))}
          testId="bulk-tag-input"
        />
        <div class="d-flex gap-2 mt-2">
          <button
            type="button"
            class="btn btn-sm btn-primary"
            disabled={tags().length === 0 || props.disabled}
            onClick={() => {
              void lib().runBulk({ type: 'addTags', tags: names() }, `Tagged ${names().join(', ')}`);
              setTags([]);
            }}
            data-testid="bulk-tags-add"
          >
            Add to {target()}
          </button>
          <button
            type="button"
            class="btn btn-sm btn-outline-danger"
            disabled={tags().length === 0 || props.disabled || resolving()}
            onClick={async () => {
              const ids = await tagIds();
              if (ids.length > 0)
                void lib().runBulk({ type: 'removeTags', tagIds: ids }, `Untagged ${names().join(', ')}`);
              setTags([]);
            }}
            data-testid="bulk-tags-remove"
          >
            Remove
          </button>
        </div>
      </li>
    </Dropdown>
  );
};

/** Set (or clear) the publication window of every selected item. */
export const WindowMenu: Component<{ library: Library; disabled: boolean }> = (props) => {
  const lib = () => props.library;
  const [from, setFrom] = createSignal('');
  const [until, setUntil] = createSignal('');
  const publishFrom = () => fromDateTimeInput(from());
  const publishUntil = () => fromDateTimeInput(until());
  const inOrder = () => {
    const start = publishFrom();
    const end = publishUntil();
    return !start || !end || end > start;
  };
  const target = () => (lib().selected() === undefined ? 'them' : itemsWord(lib().selected() ?? 0));
  return (
    <Dropdown
      label="Publication"
      toggleClass={`btn btn-sm btn-outline-secondary${props.disabled ? ' disabled' : ''}`}
      dropUp
      alignEnd
      menuClass="p-3"
      testId="bulk-window"
    >
      <li style={{ width: 'min(20rem, calc(100vw - 2rem))' }}>
        <h6 class="small fw-semibold">Set publication window of {target()}</h6>
        <label class="form-label small mb-1" for="bulk-publish-from">
          Public from (empty: now)
        </label>
        <input
          id="bulk-publish-from"
          type="datetime-local"
          class="form-control form-control-sm mb-2"
          value={from()}
          onInput={(event) => setFrom(event.currentTarget.value)}
          data-testid="bulk-publish-from"
        />
        <label class="form-label small mb-1" for="bulk-publish-until">
          Public until (empty: no end)
        </label>
        <input
          id="bulk-publish-until"
          type="datetime-local"
          class="form-control form-control-sm"
          classList={{ 'is-invalid': !inOrder() }}
          value={until()}
          onInput={(event) => setUntil(event.currentTarget.value)}
          data-testid="bulk-publish-until"
        />
        <Show when={!inOrder()}>
          <div class="invalid-feedback d-block">The end must be after the start</div>
        </Show>
        <div class="d-flex gap-2 mt-2">
          <button
            type="button"
            class="btn btn-sm btn-primary"
            disabled={props.disabled || !inOrder()}
            onClick={() =>
              void lib().runBulk(
                { type: 'window', publishFrom: publishFrom(), publishUntil: publishUntil() },
                'Publication window set',
              )
            }
            data-testid="bulk-window-apply"
          >
            Set window
          </button>
          <button
            type="button"
            class="btn btn-sm btn-outline-secondary"
            disabled={props.disabled}
            onClick={() =>
              void lib().runBulk(
                { type: 'window', publishFrom: null, publishUntil: null },
                'Publication window cleared',
              )
            }
            data-testid="bulk-window-clear"
          >
            Clear window
          </button>
        </div>
      </li>
    </Dropdown>
  );
};

const downloadLabels: Record<DownloadKind, string> = {
  original: 'Originals',
  xl: 'Extra large (xl)',
  lg: 'Large (lg)',
  md: 'Medium (md)',
  sm: 'Small (sm)',
  thumb: 'Thumbnails',
};
const downloadOrder: DownloadKind[] = ['original', 'xl', 'lg', 'md', 'sm', 'thumb'];

/**
 * Download the selection as one ZIP: the originals or one preset's files. The api prepares it and answers a
 * short-lived link, which the browser follows (the archive streams; nothing waits for it to be built).
 */
export const DownloadMenu: Component<{ library: Library; disabled: boolean }> = (props) => {
  const lib = () => props.library;
  const prepare = usePrepareDownload(() => lib().slug());
  const download = async (kind: DownloadKind) => {
    const selection = lib().request();
    if (!selection) return;
    try {
      const prepared = await prepare.mutateAsync({ selection, kind });
      showToast(`Downloading a ZIP of ${itemsWord(prepared.count)}…`, 'info');
      const link = document.createElement('a');
      link.href = prepared.url;
      link.rel = 'noopener';
      link.setAttribute('download', '');
      link.setAttribute('data-testid', 'download-link');
      document.body.append(link);
      link.click();
      link.remove();
    } catch (error) {
      showToast(`Could not prepare the download: ${describeError(error)}`, 'danger');
    }
  };
  return (
    <Dropdown
      label={prepare.isPending ? 'Preparing…' : 'Download'}
      toggleClass={`btn btn-sm btn-outline-secondary${props.disabled || prepare.isPending ? ' disabled' : ''}`}
      dropUp
      alignEnd
      testId="bulk-download"
    >
      <li>
        <h6 class="dropdown-header">
          ZIP of {lib().selected() === undefined ? 'them' : itemsWord(lib().selected() ?? 0)}
        </h6>
      </li>
      <For each={downloadOrder}>
        {(kind) => (
          <li>
            <button
              type="button"
              class="dropdown-item"
              onClick={() => void download(kind)}
              data-testid={`bulk-download-${kind}`}
            >
              {downloadLabels[kind]}
            </button>
          </li>
        )}
      </For>
    </Dropdown>
  );
};
