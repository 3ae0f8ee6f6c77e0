/**
 * Short confirmations ("Member added") shown in the corner for a few seconds. UI state only; rendered once
 * by components/Toasts.tsx in the app shell, so a toast survives the navigation that often follows it.
 */
import { createStore } from 'solid-js/store';

export interface Toast {
  id: number;
  message: string;
  variant: 'success' | 'danger' | 'info';
  /** A button in the toast ("Undo"); choosing it dismisses the toast. */
  action?: { label: string; run: () => void };
}

const SHOW_FOR_MS = 5_000;

const [toasts, setToasts] = createStore<Toast[]>([]);
let nextId = 1;

export { toasts };

export function dismissToast(id: number) {
  setToasts((list) => list.filter((toast) => toast.id !== id));
}

/** Clears every toast (a different user signed in; the last one's confirmations are not theirs). */
export function clearToasts() {
  setToasts([]);
}

export function showToast(message: string, variant: Toast['variant'] = 'success', action?: Toast['action']) {
  const id = nextId++;
  setToasts((list) => [...list, { id, message, variant, action }]);
  // A toast with an action stays a little longer: there is something to do.
  setTimeout(() => dismissToast(id), action ? SHOW_FOR_MS * 2 : SHOW_FOR_MS);
}
