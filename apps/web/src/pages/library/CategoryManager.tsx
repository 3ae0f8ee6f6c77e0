import type { Component } from 'solid-js';
import { createSignal, For, Show } from 'solid-js';
import type { Category } from '../../api/library';
import {
  useCategories,
  useCreateCategory,
  useDeleteCategory,
  useReorderCategories,
  useUpdateCategory,
} from '../../api/library';
import { ConfirmButton } from '../../components/ConfirmButton';
import { Modal } from '../../components/Modal';
import { QueryResult } from '../../components/QueryResult';
import { SubmitButton } from '../../components/SubmitButton';
import { describeError } from '../../lib/errors';
import { latest } from '../../lib/query-client';
import { showToast } from '../../stores/toasts';
import { itemsWord } from './library.controller';

/** Colours offered to a new category, in turn. */
const palette = ['#0d6efd', '#198754', '#d63384', '#fd7e14', '#6f42c1', '#20c997', '#dc3545', '#6c757d'];

/**
 * The model's categories: create, rename, recolour, put in order (drag a row, or its ↑/↓ buttons), delete —
 * its items become uncategorised, never deleted.
 */
export const CategoryManager: Component<{ modelSlug: string; onClose: () => void }> = (props) => {
  const slug = () => props.modelSlug;
  const categories = useCategories(slug);
  const create = useCreateCategory(slug);
  const update = useUpdateCategory(slug);
  const remove = useDeleteCategory(slug);
  const reorder = useReorderCategories(slug);
  const [name, setName] = createSignal('');
  const [color, setColor] = createSignal(palette[0] ?? '#0d6efd');
  const [createError, setCreateError] = createSignal<string>();
  const [dragging, setDragging] = createSignal<number>();
  const [over, setOver] = createSignal<number>();

  const list = () => latest(categories) ?? [];
  const move = (id: number, to: number) => {
    const ids = list().map((category) => category.id);
    const from = ids.indexOf(id);
    if (from < 0 || to < 0 || to >= ids.length || from === to) return;
    ids.splice(from, 1);
    ids.splice(to, 0, id);
    reorder.mutate(ids, {
      onError: (error) => showToast(`Could not reorder: ${describeError(error)}`, 'danger'),
    });
  };
  const save = (category: Category, patch: { name?: string; color?: string }) => {
    if (patch.name !== undefined && (patch.name === category.name || !patch.name.trim())) return;
    update.mutate(
      { id: category.id, ...patch },
      {
        onError: (error) => showToast(`Could not save “${category.name}”: ${describeError(error)}`, 'danger'),
      },
    );
  };

  return (
    <Modal
      title="Categories"
      onClose={() => props.onClose()}
      dialogClass="modal-lg modal-dialog-scrollable"
      testId="category-manager"
    >
      <QueryResult
        query={categories}
        loading="Loading categories…"
        errorTitle="Could not load the categories"
      >
        {() => (
          <Show
            when={list().length > 0}
            fallback={
              <p class="text-body-secondary" data-testid="category-manager-empty">
                No categories yet: create the first below.
              </p>
            }
          >
            <p class="small text-body-secondary">Drag a row to change the order the library lists them in.</p>
            <ul class="list-group mb-3" data-testid="category-rows">
              <For each={list()}>
                {(category, index) => (
                  <li
                    class="list-group-item d-flex align-items-center gap-2 px-2"
                    classList={{ 'bg-primary-subtle': over() === category.id && dragging() !== category.id }}
                    draggable={true}
                    onDragStart={(event) => {
                      setDragging(category.id);
                      event.dataTransfer?.setData('text/plain', category.name);
                    }}
                    onDragOver={(event) => {
                      if (dragging() === undefined) return;
                      event.preventDefault();
                      setOver(category.id);
                    }}
                    onDrop={(event) => {
                      event.preventDefault();
                      const id = dragging();
                      setDragging(undefined);
                      setOver(undefined);
                      if (id !== undefined) move(id, index());
                    }}
                    onDragEnd={() => {
                      setDragging(undefined);
                      setOver(undefined);
                    }}
                    data-testid="category-row"
                    data-category-id={category.id}
                  >
                    <span
                      class="text-body-tertiary"
                      style={{ cursor: 'grab' }}
                      aria-hidden="true"
                      title="Drag to reorder"
                    >
                      ⋮⋮
                    </span>
                    <input
                      type="color"
                      class="form-control form-control-color form-control-sm flex-none"
                      style={{ width: '2.25rem' }}
                      value={category.color}
                      aria-label={`Colour of ${category.name}`}
                      onChange={(event) => save(category, { color: event.currentTarget.value })}
                      data-testid="category-color"
                    />
                    <input
                      type="text"
                      class="form-control form-control-sm"
                      value={category.name}
                      maxLength={100}
                      aria-label={`Name of ${category.name}`}
                      onChange={(event) => save(category, { name: event.currentTarget.value.trim() })}
                      onKeyDown={(event) => {
                        if (event.key === 'Enter') {
                          event.preventDefault();
                          event.currentTarget.blur();
                        }
                      }}
                      data-testid="category-name"
                    />
                    <span class="small text-body-secondary text-nowrap" style={{ 'min-width': '4.5rem' }}>
                      {itemsWord(category.count)}
                    </span>
                    <div class="btn-group btn-group-sm">
                      <button
                        type="button"
                        class="btn btn-outline-secondary"
                        disabled={index() === 0 || reorder.isPending}
                        aria-label={`Move ${category.name} up`}
                        onClick={() => move(category.id, index() - 1)}
                      >
                        ↑
                      </button>
                      <button
                        type="button"
                        class="btn btn-outline-secondary"
                        disabled={index() === list().length - 1 || reorder.isPending}
                        aria-label={`Move ${category.name} down`}
                        onClick={() => move(category.id, index() + 1)}
                      >
                        ↓
                      </button>
                    </div>
                    <ConfirmButton
                      label="Delete"
                      title={`Delete “${category.name}”?`}
                      confirmLabel="Delete the category"
                      buttonClass="btn btn-outline-danger btn-sm"
                      onConfirm={() => remove.mutateAsync(category.id)}
                      testId="category-delete"
                    >
                      <p class="mb-0">
                        Its {itemsWord(category.count)} become uncategorised; none of them is deleted.
                      </p>
                    </ConfirmButton>
                  </li>
                )}
              </For>
            </ul>
          </Show>
        )}
      </QueryResult>

      <form
        class="border rounded-3 p-3 bg-body-tertiary"
        onSubmit={(event) => {
          event.preventDefault();
          const value = name().trim();
          if (!value) return;
          setCreateError(undefined);
          create.mutate(
            { name: value, color: color() },
            {
              onSuccess: () => {
                setName('');
                setColor(palette[(list().length + 1) % palette.length] ?? color());
              },
              onError: (error) => setCreateError(describeError(error)),
            },
          );
        }}
        data-testid="category-create"
      >
        <label class="form-label small fw-semibold" for="new-category-name">
          New category
        </label>
        <div class="d-flex gap-2">
          <input
            type="color"
            class="form-control form-control-color"
            value={color()}
            aria-label="Colour of the new category"
            onInput={(event) => setColor(event.currentTarget.value)}
            data-testid="new-category-color"
          />
          <input
            id="new-category-name"
            type="text"
            class="form-control"
            classList={{ 'is-invalid': createError() !== undefined }}
            placeholder="Portfolio, Editorial, Behind the scenes…"
            maxLength={100}
            value={name()}
            onInput={(event) => setName(event.currentTarget.value)}
            data-testid="new-category-name"
          />
          <SubmitButton pending={create.isPending} disabled={!name().trim()} testId="new-category-submit">
            Create
          </SubmitButton>
        </div>
        <Show when={createError()}>
          <div class="text-danger small mt-1" role="alert">
            {createError()}
          </div>
        </Show>
      </form>
    </Modal>
  );
};
