import type { Accessor, JSX } from 'solid-js';
import { createSignal, Show } from 'solid-js';
import { EmptyState } from '../../components/EmptyState';
import { LoadMore } from '../../components/LoadMore';
import { QueryResult } from '../../components/QueryResult';

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** A filter form's values as typed (`draft`) and as applied: a new list starts only on Apply. */
export function createFilterForm<T extends { [K in keyof T]: string }>(empty: T) {
  const [draft, setDraft] = createSignal<T>(empty);
  const [applied, setApplied] = createSignal<T>(empty);
  const isFiltered = () => !same(applied(), empty);
  return {
    draft,
    applied,
    isFiltered,
    edit: (key: keyof T, value: string) => {
      setDraft(() => ({ ...draft(), [key]: value }));
    },
    apply: () => {
      setApplied(() => draft());
    },
    reset: () => {
      setDraft(() => empty);
      setApplied(() => empty);
    },
    /** Nothing applied and nothing typed: Reset has nothing to do. */
    isClear: () => !isFiltered() && same(draft(), empty),
  };
}

interface FilterForm {
  apply(): void;
  reset(): void;
  isClear(): boolean;
}

/** The card around a log's filter fields, with Apply and Reset. */
export function FilterCard(props: { form: FilterForm; testId: string; children: JSX.Element }): JSX.Element {
  return (
    <form
      class="card card-body shadow-sm mb-4"
      onSubmit={(event) => {
        event.preventDefault();
        props.form.apply();
      }}
      data-testid={`${props.testId}-filters`}
    >
      <div class="row g-3 align-items-end">
        {props.children}
        <div class="col-md-2 d-flex gap-2">
          <button type="submit" class="btn btn-primary btn-sm" data-testid={`${props.testId}-filter-apply`}>
            Apply
          </button>
          <button
            type="button"
            class="btn btn-outline-secondary btn-sm"
            disabled={props.form.isClear()}
            onClick={() => props.form.reset()}
          >
            Reset
          </button>
        </div>
      </div>
    </form>
  );
}

interface PagedLogQuery<T> {
  data: { pages: { items: T[] }[] } | undefined;
  isError: boolean;
  error: unknown;
  isFetching: boolean;
  refetch: () => unknown;
  hasNextPage: boolean;
  isFetchingNextPage: boolean;
  fetchNextPage: () => unknown;
}

/** A paged log: loading and error states, the empty state (filtered or not), the rows, and "load more". */
export function PagedLog<T>(props: {
  query: PagedLogQuery<T>;
  loading: string;
  errorTitle: string;
  filtered: boolean;
  empty: { title: string; hint: string; filteredTitle: string; filteredHint: string; testId: string };
  children: (items: Accessor<T[]>) => JSX.Element;
}): JSX.Element {
  const items = () => props.query.data?.pages.flatMap((page) => page.items) ?? [];
  return (
    <QueryResult query={props.query} loading={props.loading} errorTitle={props.errorTitle}>
      {(_data) => (
        <Show
          when={items().length > 0}
          fallback={
            <EmptyState
              title={props.filtered ? props.empty.filteredTitle : props.empty.title}
              hint={props.filtered ? props.empty.filteredHint : props.empty.hint}
              testId={props.empty.testId}
            />
          }
        >
          {props.children(items)}
          <LoadMore
            shown={items().length}
            hasMore={props.query.hasNextPage}
            loading={props.query.isFetchingNextPage}
            onLoad={() => void props.query.fetchNextPage()}
          />
        </Show>
      )}
    </QueryResult>
  );
}
