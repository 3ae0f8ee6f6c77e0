import type { Accessor, JSX } from 'solid-js';
import { Match, Switch } from 'solid-js';
import { describeError, isUnreachable } from '../lib/errors';
import { ErrorAlert } from './ErrorAlert';
import { LoadingSpinner } from './LoadingSpinner';

interface QueryLike<T> {
  data: T | undefined;
  isError: boolean;
  error: unknown;
  isFetching: boolean;
  refetch: () => unknown;
}

interface QueryResultProps<T> {
  query: QueryLike<T>;
  /** Spinner text while the first answer is on its way, e.g. "Loading members…". */
  loading: string;
  /** Alert title when it fails, e.g. "Could not load the members". */
  errorTitle: string;
  testId?: string;
  children: (data: Accessor<NonNullable<T>>) => JSX.Element;
}

/** One query's three states: a spinner, an error alert with a retry button, or the children with the data. */
export function QueryResult<T>(props: QueryResultProps<T>): JSX.Element {
  return (
    <Switch fallback={<LoadingSpinner label={props.loading} />}>
      <Match when={props.query.isError && props.query.data === undefined}>
        <ErrorAlert
          title={isUnreachable(props.query.error) ? 'The api is unreachable' : props.errorTitle}
          message={describeError(props.query.error)}
          testId={props.testId ? `${props.testId}-error` : 'query-error'}
        >
          <button
            type="button"
            class="btn btn-outline-danger btn-sm"
            disabled={props.query.isFetching}
            onClick={() => void props.query.refetch()}
          >
            Try again
          </button>
        </ErrorAlert>
      </Match>
      <Match when={props.query.data}>{(data) => props.children(data)}</Match>
    </Switch>
  );
}
