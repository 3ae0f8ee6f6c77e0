import type { Component } from 'solid-js';
import { createEffect, createSignal, For, Show } from 'solid-js';
import type { TagSuggestion } from '../../api/library';
import { useTagSuggestions } from '../../api/library';
import { latest } from '../../lib/query-client';
import { rememberTagNames } from '../../stores/tag-names';

/**
 * A text box that suggests the model's tags as you type (`tags.suggest`, most used first). Enter or a comma
 * takes what is typed (a new tag, when `allowNew`), ↓/↑ walk the suggestions, Backspace in the empty box takes
 * the last chosen tag back (`onRemoveLast`). The chosen tags are the parent's to show.
 */
export const TagInput: Component<{
  modelSlug: string;
  id: string;
  placeholder?: string;
  allowNew: boolean;
  /** Names already chosen (not suggested again). */
  chosen: readonly string[];
  onPick: (tag: { name: string; id?: number }) => void;
  onRemoveLast?: () => void;
  testId?: string;
}> = (props) => {
  const [text, setText] = createSignal('');
  const [focused, setFocused] = createSignal(false);
  const [active, setActive] = createSignal(-1);
  const suggestions = useTagSuggestions(
    () => props.modelSlug,
    text,
    () => focused(),
  );
  const shown = (): TagSuggestion[] => {
    const taken = new Set(props.chosen.map((name) => name.toLowerCase()));
    return (latest(suggestions) ?? []).filter((tag) => !taken.has(tag.name.toLowerCase()));
  };
  createEffect(() => rememberTagNames(latest(suggestions) ?? []));
  const open = () => focused() && shown().length > 0;

  const take = (tag: { name: string; id?: number }) => {
    const name = tag.name.trim();
    if (!name) return;
    props.onPick({ ...tag, name });
    setText('');
    setActive(-1);
  };
  const takeTyped = () => {
    const typed = text().trim().replace(/,$/, '');
    const picked = shown()[active()];
    if (picked) return take(picked);
    const exact = (latest(suggestions) ?? []).find((tag) => tag.name.toLowerCase() === typed.toLowerCase());
    if (exact) take(exact);
    else if (props.allowNew) take({ name: typed });
  };

  return (
    <div class="position-relative">
      <input
        id={props.id}
        type="text"
        class="form-control form-control-sm"
        placeholder={props.placeholder ?? 'Add a tag'}
        autocomplete="off"
        role="combobox"
        aria-expanded={open()}
        aria-controls={`${props.id}-list`}
        aria-autocomplete="list"
        maxLength={64}
        value={text()}
        onFocus={() => setFocused(true)}
        // A suggestion is taken on mousedown, before this blur.
        onBlur={() => setFocused(false)}
        onInput={(event) => {
          const value = event.currentTarget.value;
          if (value.endsWith(',')) {
            setText(value.slice(0, -1));
            takeTyped();
            return;
          }
          setText(value);
          setActive(-1);
        }}
        onKeyDown={(event) => {
          if (event.key === 'Enter') {
            event.preventDefault();
            takeTyped();
          } else if (event.key === 'ArrowDown' && open()) {
            event.preventDefault();
            setActive((active() + 1) % shown().length);
          } else if (event.key === 'ArrowUp' && open()) {
            event.preventDefault();
            setActive(active() <= 0 ? shown().length - 1 : active() - 1);
          } else if (event.key === 'Backspace' && text() === '') {
            props.onRemoveLast?.();
          } else if (event.key === 'Escape' && open()) {
            event.preventDefault();
            event.stopPropagation();
            setFocused(false);
          }
        }}
        data-testid={props.testId}
      />
      <Show when={open()}>
        <div
          id={`${props.id}-list`}
          class="dropdown-menu show w-100 shadow-sm"
          style={{ 'max-height': '14rem', 'overflow-y': 'auto' }}
          role="listbox"
          data-testid={props.testId ? `${props.testId}-suggestions` : undefined}
        >
          <For each={shown()}>
            {(tag, index) => (
              <div
                role="option"
                tabIndex={-1}
                aria-selected={index() === active()}
                class="dropdown-item d-flex justify-content-between small"
                classList={{ active: index() === active() }}
                style={{ cursor: 'pointer' }}
                onMouseDown={(event) => {
                  event.preventDefault();
                  take(tag);
                }}
              >
                <span class="text-truncate">{tag.name}</span>
                <span class="ms-2 opacity-75">{tag.count}</span>
              </div>
            )}
          </For>
        </div>
      </Show>
    </div>
  );
};

/** A chosen tag with its × button. */
export const TagChip: Component<{ name: string; onRemove?: () => void; testId?: string }> = (props) => (
  <span
    class="badge rounded-pill bg-secondary-subtle text-secondary-emphasis border border-secondary-subtle d-inline-flex align-items-center gap-1 fw-normal"
    data-testid={props.testId ?? 'tag-chip'}
  >
    {props.name}
    <Show when={props.onRemove}>
      {(remove) => (
        <button
          type="button"
          class="btn-close"
          style={{ 'font-size': '0.55rem' }}
          aria-label={`Remove tag ${props.name}`}
          onClick={() => remove()()}
        />
      )}
    </Show>
  </span>
);
