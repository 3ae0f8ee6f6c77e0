import type { Component } from 'solid-js';
import { For, Show } from 'solid-js';
import type { CategoryTotals as Totals } from '../../api/analytics';

/** Views, downloads and edits per category in the range, most viewed first. */
export const CategoryTotals: Component<{ categories: readonly Totals[] }> = (props) => (
  <div class="card shadow-sm h-100">
    <div class="card-header bg-body-tertiary">
      <h2 class="h6 mb-0">By category</h2>
    </div>
    <Show
      when={props.categories.length > 0}
      fallback={
        <p class="card-body small text-body-secondary mb-0" data-testid="analytics-categories-empty">
          Nothing counted in these days.
        </p>
      }
    >
      <div class="table-responsive">
        <table class="table table-sm align-middle small mb-0" data-testid="analytics-categories">
          <thead class="table-light">
            <tr>
              <th scope="col">Category</th>
              <th scope="col" class="text-end">
                Views
              </th>
              <th scope="col" class="text-end">
                Downloads
              </th>
              <th scope="col" class="text-end">
                Edits
              </th>
            </tr>
          </thead>
          <tbody>
            <For each={props.categories}>
              {(category) => (
                <tr data-testid="analytics-category" data-category-id={category.categoryId ?? 'none'}>
                  <td>
                    <span class="d-inline-flex align-items-center gap-2">
                      <span
                        class="color-dot"
                        style={{ 'background-color': category.color ?? 'var(--bs-secondary-bg)' }}
                        aria-hidden="true"
                      />
                      <Show
                        when={category.name}
                        fallback={<em class="text-body-secondary">Uncategorised</em>}
                      >
                        {category.name}
                      </Show>
                    </span>
                  </td>
                  <td class="text-end">{category.views.toLocaleString()}</td>
                  <td class="text-end">{category.downloads.toLocaleString()}</td>
                  <td class="text-end">{category.edits.toLocaleString()}</td>
                </tr>
              )}
            </For>
          </tbody>
        </table>
      </div>
    </Show>
  </div>
);
