import type { Component } from 'solid-js';
import { For, Show } from 'solid-js';
import type { Category } from '../../api/library';
import type { MediaDetail } from '../../api/media';
import type { EditConflict, ItemEditor, SaveState } from './item-editor';
import type { EditableFields, EditableName } from './item-edits';
import { changedNames, describeFocalPoint, editableFields, editableLabels } from './item-edits';
import { TagChip, TagInput } from './TagInput';

const stateBadge: Record<SaveState, { label: string; class: string }> = {
  saved: { label: 'Saved', class: 'bg-success-subtle text-success-emphasis border-success-subtle' },
  unsaved: {
    label: 'Unsaved changes',
    class: 'bg-warning-subtle text-warning-emphasis border-warning-subtle',
  },
  saving: { label: 'Saving…', class: 'bg-primary-subtle text-primary-emphasis border-primary-subtle' },
  conflict: { label: 'Conflict', class: 'bg-danger-subtle text-danger-emphasis border-danger-subtle' },
  error: { label: 'Not saved', class: 'bg-danger-subtle text-danger-emphasis border-danger-subtle' },
};

/**
 * The detail panel's editing section: alt text, caption, category, tags (with autocomplete) and the focal
 * point (set by clicking the preview). Text saves when the field is left (or Ctrl/⌘+Enter); the others at once.
 * Its badge says saved, saving, unsaved or conflict.
 */
export const DetailEditor: Component<{
  editor: ItemEditor;
  modelSlug: string;
  categories: Category[];
  canEdit: boolean;
  detail: MediaDetail;
}> = (props) => {
  const editor = () => props.editor;
  const draft = () => props.editor.draft;
  const onTextKey = (event: KeyboardEvent) => {
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      void editor().save();
    }
  };

  return (
    <section aria-labelledby="detail-edit-title" class="mb-3" data-testid="detail-editor">
      <div class="d-flex align-items-center justify-content-between mb-2">
        <h3 class="h6 mb-0" id="detail-edit-title">
          Details
        </h3>
        <Show when={props.canEdit}>
          <span
            class={`badge border ${stateBadge[editor().state()].class}`}
            role="status"
            aria-live="polite"
            data-testid="save-state"
            data-state={editor().state()}
          >
            <Show when={editor().state() === 'saving'}>
              <span
                class="spinner-border me-1"
                style={{ width: '0.6rem', height: '0.6rem', 'border-width': '0.12em' }}
                aria-hidden="true"
              />
            </Show>
            {stateBadge[editor().state()].label}
          </span>
        </Show>
      </div>

      <Show when={editor().conflict()}>
        {(conflict) => (
          <ConflictAlert conflict={conflict()} editor={editor()} categories={props.categories} />
        )}
      </Show>
      <Show when={editor().state() === 'error'}>
        <div
          class="alert alert-danger py-2 small d-flex align-items-center gap-2"
          role="alert"
          data-testid="save-error"
        >
          <span class="me-auto">Could not save: {editor().error()}</span>
          <button type="button" class="btn btn-sm btn-outline-danger" onClick={() => void editor().save()}>
            Try again
          </button>
        </div>
      </Show>

      <Show
        when={props.canEdit}
        fallback={
          <dl class="row small mb-0 g-0">
            <dt class="col-4 text-body-secondary fw-normal">Alt text</dt>
            <dd class="col-8">{props.detail.altText ?? '—'}</dd>
            <dt class="col-4 text-body-secondary fw-normal">Caption</dt>
            <dd class="col-8">{props.detail.caption ?? '—'}</dd>
            <dt class="col-4 text-body-secondary fw-normal">Category</dt>
            <dd class="col-8">{props.detail.categoryName ?? 'None'}</dd>
            <dt class="col-4 text-body-secondary fw-normal">Tags</dt>
            <dd class="col-8">{props.detail.tags.map((tag) => tag.name).join(', ') || '—'}</dd>
          </dl>
        }
      >
        <div class="mb-2">
          <label class="form-label small mb-1 d-flex justify-content-between" for="detail-alt-text">
            Alt text
            <span class="text-body-secondary">{draft().altText.length}/500</span>
          </label>
          <textarea
            id="detail-alt-text"
            class="form-control form-control-sm"
            rows={2}
            maxLength={500}
            placeholder="What the photo shows, for people who cannot see it"
            value={draft().altText}
            onInput={(event) => editor().edit('altText', event.currentTarget.value, false)}
            onBlur={() => void editor().save()}
            onKeyDown={onTextKey}
            disabled={editor().state() === 'conflict'}
            data-testid="detail-alt-text"
          />
        </div>
        <div class="mb-2">
          <label class="form-label small mb-1" for="detail-caption">
            Caption
          </label>
          <textarea
            id="detail-caption"
            class="form-control form-control-sm"
            rows={3}
            maxLength={2000}
            value={draft().caption}
            onInput={(event) => editor().edit('caption', event.currentTarget.value, false)}
            onBlur={() => void editor().save()}
            onKeyDown={onTextKey}
            disabled={editor().state() === 'conflict'}
            data-testid="detail-caption"
          />
        </div>
        <div class="row g-2 mb-2">
          <div class="col-sm-6">
            <label class="form-label small mb-1" for="detail-category">
              Category
            </label>
            <select
              id="detail-category"
              class="form-select form-select-sm"
              value={draft().categoryId ?? ''}
              onChange={(event) => {
                const value = event.currentTarget.value;
                editor().edit('categoryId', value === '' ? null : Number(value), true);
              }}
              disabled={editor().state() === 'conflict'}
              data-testid="detail-category"
            >
              {/* `selected` on the options, not only `value` on the select: a refetched list re-creates them. */}
              <option value="" selected={draft().categoryId === null}>
                No category
              </option>
              <For each={props.categories}>
                {(category) => (
                  <option value={category.id} selected={draft().categoryId === category.id}>
                    {category.name}
                  </option>
                )}
              </For>
            </select>
          </div>
          <div class="col-sm-6">
            <span class="form-label small mb-1 d-block">Focal point</span>
            <div class="d-flex align-items-center gap-2 small" style={{ 'min-height': '31px' }}>
              <span class="text-body-secondary" data-testid="detail-focal-point">
                {describeFocalPoint(draft().focalPoint)}
              </span>
              <Show when={draft().focalPoint}>
                <button
                  type="button"
                  class="btn btn-link btn-sm p-0"
                  onClick={() => editor().edit('focalPoint', null, true)}
                  disabled={editor().state() === 'conflict'}
                  data-testid="detail-focal-clear"
                >
                  Clear
                </button>
              </Show>
            </div>
          </div>
        </div>
        <div>
          <label class="form-label small mb-1" for="detail-tags">
            Tags
          </label>
          <div class="d-flex flex-wrap gap-1 mb-1" data-testid="detail-tags">
            <For each={draft().tags}>
              {(tag) => (
                <TagChip
                  name={tag}
                  onRemove={() =>
                    editor().edit(
                      'tags',
                      draft().tags.filter((other) => other !== tag),
                      true,
                    )
                  }
                />
              )}
            </For>
          </div>
          <TagInput
            id="detail-tags"
            modelSlug={props.modelSlug}
            allowNew
            chosen={draft().tags}
            onPick={(tag) => editor().edit('tags', [...draft().tags, tag.name], true)}
            onRemoveLast={() => editor().edit('tags', draft().tags.slice(0, -1), true)}
            testId="detail-tag-input"
          />
        </div>
        <p class="form-text small mb-0">
          Click the preview to set the focal point the thumbnail is cropped around.
        </p>
      </Show>
    </section>
  );
};

/** The alert (and the button pressed) goes away: the keyboard goes back to the first field, not the page. */
const refocus = () => queueMicrotask(() => document.getElementById('detail-alt-text')?.focus());

/** Someone else saved first: what they changed, and the two ways on. */
const ConflictAlert: Component<{ conflict: EditConflict; editor: ItemEditor; categories: Category[] }> = (
  props,
) => {
  const theirs = () => editableFields(props.conflict.current);
  const show = (name: EditableName, fields: EditableFields): string => {
    const value = fields[name];
    if (name === 'categoryId')
      return props.categories.find((category) => category.id === value)?.name ?? 'None';
    if (name === 'tags') return (value as string[]).join(', ') || '—';
    if (name === 'focalPoint') return describeFocalPoint(value as EditableFields['focalPoint']);
    return (value as string) || '—';
  };
  return (
    <div class="alert alert-warning small" role="alert" data-testid="edit-conflict">
      <p class="fw-semibold mb-1">Someone else saved this item while you were editing.</p>
      <p class="mb-2">Your changes are not saved yet. Here is what differs:</p>
      <div class="table-responsive">
        <table class="table table-sm small mb-2 bg-transparent">
          <thead>
            <tr>
              <th scope="col">Field</th>
              <th scope="col">Theirs (saved)</th>
              <th scope="col">Yours</th>
            </tr>
          </thead>
          <tbody>
            <For each={changedNames(theirs(), props.editor.draft)}>
              {(name) => (
                <tr data-testid="conflict-row" data-field={name}>
                  <th scope="row" class="fw-normal">
                    {editableLabels[name]}
                  </th>
                  <td class="text-break">{show(name, theirs())}</td>
                  <td class="text-break">{show(name, props.editor.draft)}</td>
                </tr>
              )}
            </For>
          </tbody>
        </table>
      </div>
      <div class="d-flex flex-wrap gap-2">
        <button
          type="button"
          class="btn btn-sm btn-outline-secondary"
          onClick={() => {
            props.editor.takeTheirs();
            refocus();
          }}
          data-testid="conflict-reload"
        >
          Reload theirs
        </button>
        <button
          type="button"
          class="btn btn-sm btn-warning"
          onClick={() => {
            props.editor.reapplyMine();
            refocus();
          }}
          data-testid="conflict-reapply"
        >
          Re-apply mine
        </button>
      </div>
    </div>
  );
};
