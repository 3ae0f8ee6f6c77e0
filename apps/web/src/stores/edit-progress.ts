/**
 * A saved edit renders its version in the worker; `edit.progress` events (over `media.onChange`, `{ kind:
 * 'edit' }`) say how far. This store keeps the latest progress per item, for the editor's progress bar and the
 * grid card's badge. The answer to `edits.apply`/`revert` starts an entry; events may arrive before it. A newer
 * version replaces an older one's entry; an older version's late event is ignored. UI state only.
 */
import type { EditProgressState } from '@phoenix4ge/shared';
import { createStore } from 'solid-js/store';

export interface EditProgress {
  version: number;
  percent: number;
  state: EditProgressState;
}

const [progress, setProgress] = createStore<Record<string, EditProgress | undefined>>({});

const keyOf = (modelSlug: string, mediaId: number) => `${modelSlug}/${mediaId}`;

export function editProgressOf(modelSlug: string, mediaId: number): EditProgress | undefined {
  return progress[keyOf(modelSlug, mediaId)];
}

/** A progress event (or the start of a version just saved). */
export function updateEditProgress(
  modelSlug: string,
  change: { mediaId: number; version: number; percent: number; state: EditProgressState },
) {
  const key = keyOf(modelSlug, change.mediaId);
  const known = progress[key];
  if (known && known.version > change.version) return;
  // A final state sticks: a late "rendering" event of the same version does not bring the bar back.
  if (known && known.version === change.version && known.state !== 'rendering') return;
  setProgress(key, {
    version: change.version,
    percent:
      change.state === 'ready'
        ? 100
        : Math.max(change.percent, known?.version === change.version ? known.percent : 0),
    state: change.state,
  });
}

export function startEditProgress(modelSlug: string, mediaId: number, version: number) {
  updateEditProgress(modelSlug, { mediaId, version, percent: 0, state: 'rendering' });
}

/** The item now shows `version` (read back from the api): whatever was rendering up to it is done. */
export function settleEditProgress(modelSlug: string, mediaId: number, version: number) {
  const known = progress[keyOf(modelSlug, mediaId)];
  if (known && known.version <= version && known.state === 'rendering')
    setProgress(keyOf(modelSlug, mediaId), { ...known, percent: 100, state: 'ready' });
}
