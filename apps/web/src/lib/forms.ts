/**
 * Form state for the pages: values in a store, validated with the shared zod schema on submit (and again on
 * every change after the first submit), and the server's field errors shown on the same fields.
 */
import type { Accessor } from 'solid-js';
import { createSignal } from 'solid-js';
import type { SetStoreFunction, Store } from 'solid-js/store';
import { createStore, unwrap } from 'solid-js/store';
import { serverFieldErrors } from './errors';

/** Messages by field; nested fields use dotted paths (`moderation.flagAt`). */
export type FieldErrors = Record<string, string[] | undefined>;

/** The part of a zod schema this needs (kept structural so the SPA does not depend on zod itself). */
export interface Parser<T> {
  safeParse(
    input: unknown,
  ):
    | { success: true; data: T }
    | { success: false; error: { issues: readonly { path: readonly PropertyKey[]; message: string }[] } };
}

export type Validation<T> = { ok: true; data: T } | { ok: false; errors: FieldErrors };

export function validate<T>(schema: Parser<T>, values: unknown): Validation<T> {
  const result = schema.safeParse(values);
  if (result.success) return { ok: true, data: result.data };
  const errors: FieldErrors = {};
  for (const issue of result.error.issues) {
    const key = issue.path.map(String).join('.') || '_form';
    errors[key] = [...(errors[key] ?? []), issue.message];
  }
  return { ok: false, errors };
}

export interface FormOptions<V, T> {
  schema: Parser<T>;
  initial: () => V;
  /** Checks the schema cannot make (e.g. "the passwords match"); run after the schema passes. */
  check?: (values: V) => FieldErrors;
  /** Turns the form's values into the schema's input (e.g. empty optional fields left out). */
  toInput?: (values: V) => unknown;
  /** Friendly messages for fields left empty, instead of the schema's generic "too small". */
  required?: Partial<Record<keyof V & string, string>>;
}

export interface Form<V extends object, T> {
  values: Store<V>;
  setValues: SetStoreFunction<V>;
  set<K extends keyof V>(key: K, value: V[K]): void;
  /** The first message for a field, once there is one. */
  error(field: string): string | undefined;
  errors: Accessor<FieldErrors>;
  setErrors(errors: FieldErrors): void;
  /** An `onSubmit` handler: prevents the page load, validates, and calls `onValid` with the parsed input. */
  handleSubmit(onValid: (data: T) => void): (event: SubmitEvent) => void;
  /** Validates again after a change made with `setValues` (only once the form was submitted). */
  revalidate(): void;
  /** Shows the server's field errors for a rejected input; returns whether there were any. */
  showServerErrors(error: unknown): boolean;
  reset(): void;
}

export function createForm<V extends object, T>(options: FormOptions<V, T>): Form<V, T> {
  const [values, setValues] = createStore<V>(options.initial());
  const [errors, setErrors] = createSignal<FieldErrors>({});
  const [submitted, setSubmitted] = createSignal(false);

  const run = (): Validation<T> => {
    const plain = structuredClone(unwrap(values));
    const result = validate(options.schema, options.toInput ? options.toInput(plain) : plain);
    const empty: FieldErrors = {};
    for (const [field, message] of Object.entries(options.required ?? {})) {
      const value = plain[field as keyof V];
      if (typeof message === 'string' && (value === '' || value === undefined)) empty[field] = [message];
    }
    if (!result.ok || Object.keys(empty).length > 0) {
      return { ok: false, errors: { ...(result.ok ? {} : result.errors), ...empty } };
    }
    const extra = options.check?.(plain) ?? {};
    return Object.keys(extra).length > 0 ? { ok: false, errors: extra } : result;
  };

  const revalidate = () => {
    if (!submitted()) return;
    const result = run();
    setErrors(result.ok ? {} : result.errors);
  };

  return {
    values,
    setValues,
    set(key, value) {
      (setValues as (key: keyof V, value: V[keyof V]) => void)(key, value);
      revalidate();
    },
    revalidate,
    error: (field) => errors()[field]?.[0],
    errors,
    setErrors,
    handleSubmit: (onValid) => (event) => {
      event.preventDefault();
      setSubmitted(true);
      const result = run();
      if (!result.ok) {
        setErrors(result.errors);
        focusFirstInvalid(event.currentTarget);
        return;
      }
      setErrors({});
      onValid(result.data);
    },
    showServerErrors(error) {
      const fieldErrors = serverFieldErrors(error);
      setErrors(fieldErrors);
      return Object.keys(fieldErrors).length > 0;
    },
    reset() {
      setValues(options.initial());
      setErrors({});
      setSubmitted(false);
    },
  };
}

function focusFirstInvalid(form: EventTarget | null) {
  if (!(form instanceof HTMLFormElement)) return;
  // The invalid classes render on the next tick.
  queueMicrotask(() => form.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus());
}

/** Focuses an element once it is in the document (pages render inside a router transition first). */
export function focusWhenShown(element: HTMLElement | undefined, attempts = 30) {
  if (!element) return;
  if (element.isConnected && element.offsetParent !== null) {
    element.focus();
    return;
  }
  if (attempts > 0) requestAnimationFrame(() => focusWhenShown(element, attempts - 1));
}
