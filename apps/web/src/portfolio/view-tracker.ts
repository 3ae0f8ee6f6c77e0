import { MAX_PUBLIC_EVENTS } from '@phoenix4ge/shared/http-routes';

/** How long at least half of an image must stay on screen to count as seen. */
const SEEN_AFTER_MS = 1000;
/** How often the collected views are sent (and always when the page is hidden or left). */
const SEND_EVERY_MS = 5000;

/**
 * Counts views the way the analytics expect: an image is seen when at least half of it has been visible for a
 * second (or it was opened), each id once per page load. Views are sent in batches of at most
 * MAX_PUBLIC_EVENTS every few seconds, and when the visitor leaves or hides the page.
 */
export function createViewTracker(send: (mediaIds: number[]) => boolean) {
  const counted = new Set<number>();
  const pending: number[] = [];
  const timers = new Map<Element, number>();

  function stopTimer(element: Element) {
    window.clearTimeout(timers.get(element));
    timers.delete(element);
  }

  const observer = new IntersectionObserver(
    (entries) => {
      for (const entry of entries) {
        const id = Number((entry.target as HTMLElement).dataset.mediaId);
        if (entry.intersectionRatio < 0.5 || counted.has(id)) {
          stopTimer(entry.target);
        } else if (!timers.has(entry.target)) {
          const timer = window.setTimeout(() => {
            timers.delete(entry.target);
            count(id);
          }, SEEN_AFTER_MS);
          timers.set(entry.target, timer);
        }
      }
    },
    { threshold: 0.5 },
  );

  function count(mediaId: number) {
    if (counted.has(mediaId)) return;
    counted.add(mediaId);
    pending.push(mediaId);
  }

  function flush() {
    while (pending.length > 0) {
      const batch = pending.slice(0, MAX_PUBLIC_EVENTS);
      // Refused (the browser's beacon queue is full): kept for the next round.
      if (!send(batch)) return;
      pending.splice(0, batch.length);
    }
  }

  window.setInterval(flush, SEND_EVERY_MS);
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'hidden') flush();
  });
  window.addEventListener('pagehide', flush);

  return {
    /** Watches an element carrying `data-media-id` (call it once its image has loaded: a blank tile is not seen). */
    observe(element: HTMLElement) {
      observer.observe(element);
    },
    /** Stops watching every element (the grid is about to be replaced); what was counted stays counted. */
    reset() {
      observer.disconnect();
      for (const element of [...timers.keys()]) stopTimer(element);
    },
    /** Counts a view at once (the visitor opened the image). */
    count,
    flush,
  };
}

export type ViewTracker = ReturnType<typeof createViewTracker>;
