// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { editProgressOf, settleEditProgress, startEditProgress, updateEditProgress } from './edit-progress';

describe('edit progress', () => {
  it('follows a version from its save to ready, never going back', () => {
    startEditProgress('m1', 1, 3);
    expect(editProgressOf('m1', 1)).toEqual({ version: 3, percent: 0, state: 'rendering' });
    updateEditProgress('m1', { mediaId: 1, version: 3, percent: 60, state: 'rendering' });
    // An event that arrives late with less progress does not move the bar back.
    updateEditProgress('m1', { mediaId: 1, version: 3, percent: 40, state: 'rendering' });
    expect(editProgressOf('m1', 1)?.percent).toBe(60);
    updateEditProgress('m1', { mediaId: 1, version: 3, percent: 90, state: 'ready' });
    expect(editProgressOf('m1', 1)).toEqual({ version: 3, percent: 100, state: 'ready' });
    // A final state sticks.
    updateEditProgress('m1', { mediaId: 1, version: 3, percent: 95, state: 'rendering' });
    expect(editProgressOf('m1', 1)?.state).toBe('ready');
  });

  it('ignores an older version and starts over for a newer one; items and models are apart', () => {
    startEditProgress('m1', 2, 5);
    updateEditProgress('m1', { mediaId: 2, version: 4, percent: 100, state: 'ready' });
    expect(editProgressOf('m1', 2)).toEqual({ version: 5, percent: 0, state: 'rendering' });
    updateEditProgress('m1', { mediaId: 2, version: 6, percent: 10, state: 'rendering' });
    expect(editProgressOf('m1', 2)).toEqual({ version: 6, percent: 10, state: 'rendering' });
    expect(editProgressOf('m2', 2)).toBeUndefined();
  });

  it('settles a rendering version once the item is read back showing it (a missed event)', () => {
    startEditProgress('m1', 3, 2);
    settleEditProgress('m1', 3, 1);
    expect(editProgressOf('m1', 3)?.state).toBe('rendering');
    settleEditProgress('m1', 3, 2);
    expect(editProgressOf('m1', 3)).toEqual({ version: 2, percent: 100, state: 'ready' });
  });
});
