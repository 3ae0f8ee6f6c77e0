import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { PreviewView } from './preview-scheduler';
import { createPreviewScheduler } from './preview-scheduler';

/** A load whose answers the test releases one by one. */
function controllableLoad() {
  const calls: {
    input: string;
    signal: AbortSignal;
    resolve: (value: string) => void;
    reject: (error: Error) => void;
  }[] = [];
  const load = (input: string, signal: AbortSignal) =>
    new Promise<string>((resolve, reject) => calls.push({ input, signal, resolve, reject }));
  return { calls, load };
}

describe('createPreviewScheduler', () => {
  let views: PreviewView<string>[];
  const last = () => views.at(-1);

  beforeEach(() => {
    vi.useFakeTimers();
    views = [];
  });
  afterEach(() => vi.useRealTimers());

  function scheduler(load: (input: string, signal: AbortSignal) => Promise<string>) {
    return createPreviewScheduler<string, string>({
      keyOf: (input) => input,
      load,
      onChange: (view) => views.push(view),
      describeError: (error) => (error as Error).message,
      delayMs: 150,
    });
  }

  it('sends one request when a slider pauses, not one per step', async () => {
    const { calls, load } = controllableLoad();
    const previews = scheduler(load);
    for (const value of ['b=1', 'b=2', 'b=3', 'b=4']) {
      previews.request(value);
      await vi.advanceTimersByTimeAsync(50);
    }
    expect(calls).toHaveLength(0);
    expect(last()?.waitingFor).toBe('b=4');
    await vi.advanceTimersByTimeAsync(150);
    expect(calls.map((call) => call.input)).toEqual(['b=4']);
    calls[0]?.resolve('render of b=4');
    await vi.advanceTimersByTimeAsync(0);
    expect(last()).toEqual({
      result: 'render of b=4',
      resultKey: 'b=4',
      waitingFor: undefined,
      error: undefined,
    });
  });

  it('shows only the latest answer: an older one arriving late never replaces it', async () => {
    const { calls, load } = controllableLoad();
    const previews = scheduler(load);
    previews.request('a');
    await vi.advanceTimersByTimeAsync(150);
    previews.request('b');
    await vi.advanceTimersByTimeAsync(150);
    expect(calls.map((call) => call.input)).toEqual(['a', 'b']);
    expect(calls[0]?.signal.aborted).toBe(true);
    calls[1]?.resolve('render of b');
    await vi.advanceTimersByTimeAsync(0);
    calls[0]?.resolve('render of a');
    await vi.advanceTimersByTimeAsync(0);
    expect(last()?.result).toBe('render of b');
    expect(views.some((view) => view.result === 'render of a')).toBe(false);
  });

  it('keeps showing the previous render while waiting, and shows a cached one at once', async () => {
    const { calls, load } = controllableLoad();
    const previews = scheduler(load);
    previews.request('a');
    await vi.advanceTimersByTimeAsync(150);
    calls[0]?.resolve('render of a');
    await vi.advanceTimersByTimeAsync(0);
    previews.request('b');
    expect(last()).toMatchObject({ result: 'render of a', waitingFor: 'b' });
    await vi.advanceTimersByTimeAsync(150);
    calls[1]?.resolve('render of b');
    await vi.advanceTimersByTimeAsync(0);
    // Undo: back to a, from the cache, without asking the server.
    previews.request('a');
    expect(last()).toMatchObject({ result: 'render of a', resultKey: 'a', waitingFor: undefined });
    await vi.advanceTimersByTimeAsync(500);
    expect(calls).toHaveLength(2);
  });

  it('reports the latest request failing, and asks again on retry', async () => {
    const { calls, load } = controllableLoad();
    const previews = scheduler(load);
    previews.request('a');
    await vi.advanceTimersByTimeAsync(150);
    calls[0]?.reject(new Error('The photo is still processing'));
    await vi.advanceTimersByTimeAsync(0);
    expect(last()).toMatchObject({ error: 'The photo is still processing', waitingFor: undefined });
    previews.retry();
    expect(last()).toMatchObject({ error: undefined, waitingFor: 'a' });
    expect(calls).toHaveLength(2);
    calls[1]?.resolve('render of a');
    await vi.advanceTimersByTimeAsync(0);
    expect(last()?.result).toBe('render of a');
  });
});
