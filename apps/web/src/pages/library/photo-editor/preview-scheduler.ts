/**
 * Asks the server for previews while the user edits: each request waits `delayMs` for the next (a slider moving
 * sends one request when it pauses, not one per step), a newer request aborts an older one in flight, and only
 * the answer for the latest request is shown (latest wins; older answers are kept in a small cache, so undo and
 * redo show at once). Framework-free; `PreviewStage` wraps it in signals.
 */
export interface PreviewView<R> {
  /** The render shown: the latest request's once it arrived, until then the one before. */
  result: R | undefined;
  /** Which request `result` answers. */
  resultKey: string | undefined;
  /** The latest request, while its answer is awaited. */
  waitingFor: string | undefined;
  /** Why the latest request failed. */
  error: string | undefined;
}

export interface PreviewScheduler<I> {
  request(input: I): void;
  /** Asks again for the latest request (after an error). */
  retry(): void;
  dispose(): void;
}

export function createPreviewScheduler<I, R>(options: {
  keyOf: (input: I) => string;
  load: (input: I, signal: AbortSignal) => Promise<R>;
  onChange: (view: PreviewView<R>) => void;
  describeError: (error: unknown) => string;
  delayMs: number;
  cacheSize?: number;
}): PreviewScheduler<I> {
  const cacheSize = options.cacheSize ?? 12;
  const cache = new Map<string, R>();
  let view: PreviewView<R> = {
    result: undefined,
    resultKey: undefined,
    waitingFor: undefined,
    error: undefined,
  };
  let wanted: { key: string; input: I } | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let inFlight: { key: string; controller: AbortController } | undefined;
  let disposed = false;

  const update = (patch: Partial<PreviewView<R>>) => {
    view = { ...view, ...patch };
    if (!disposed) options.onChange(view);
  };
  const remember = (key: string, result: R) => {
    cache.delete(key);
    cache.set(key, result);
    if (cache.size > cacheSize) cache.delete(cache.keys().next().value as string);
  };

  async function load(key: string, input: I) {
    if (inFlight?.key === key) return;
    inFlight?.controller.abort();
    const controller = new AbortController();
    inFlight = { key, controller };
    try {
      const result = await options.load(input, controller.signal);
      remember(key, result);
      if (wanted?.key === key) update({ result, resultKey: key, waitingFor: undefined, error: undefined });
    } catch (error) {
      if (!controller.signal.aborted && wanted?.key === key)
        update({ waitingFor: undefined, error: options.describeError(error) });
    } finally {
      if (inFlight?.controller === controller) inFlight = undefined;
    }
  }

  return {
    request(input) {
      const key = options.keyOf(input);
      if (wanted?.key === key && (view.waitingFor === key || view.resultKey === key)) return;
      wanted = { key, input };
      clearTimeout(timer);
      const cached = cache.get(key);
      if (cached !== undefined) {
        update({ result: cached, resultKey: key, waitingFor: undefined, error: undefined });
        return;
      }
      update({ waitingFor: key, error: undefined });
      timer = setTimeout(() => void load(key, input), options.delayMs);
    },
    retry() {
      if (!wanted || view.resultKey === wanted.key) return;
      const { key, input } = wanted;
      update({ waitingFor: key, error: undefined });
      void load(key, input);
    },
    dispose() {
      disposed = true;
      clearTimeout(timer);
      inFlight?.controller.abort();
    },
  };
}
