import { onCleanup } from 'solid-js';

/**
 * Runs `run` once, `delayMs` after the first of a burst of calls; calls meanwhile join that run. Unlike a debounce
 * that restarts its timer on every call, a steady stream of live events (a folder upload, a rule re-firing) cannot
 * postpone the refetch forever. Cancelled with the calling component.
 */
export function coalesce(run: () => void, delayMs: number): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  onCleanup(() => clearTimeout(timer));
  return () => {
    if (timer !== undefined) return;
    timer = setTimeout(() => {
      timer = undefined;
      run();
    }, delayMs);
  };
}
