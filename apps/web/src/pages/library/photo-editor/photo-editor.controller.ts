/**
 * The photo editor's state and actions, apart from how they look: the version it opened (read back into an
 * editor state), the edit with undo and redo, the operation list it compiles to, the pictures the stages show,
 * and saving or reverting with the new version's progress until it is switched in. Nothing here touches the DOM
 * except loading pictures.
 */
import type { EditOperation, Size } from '@phoenix4ge/shared';
import { preferredVariant } from '@phoenix4ge/shared';
import { useQueryClient } from '@tanstack/solid-query';
import type { Accessor } from 'solid-js';
import { createEffect, createMemo, createSignal, on, onCleanup } from 'solid-js';
import type { EditHistory, EditPreview } from '../../../api/edits';
import {
  currentVersionOf,
  fetchEditPreview,
  PREVIEW_MAX_SIZE,
  useApplyEdit,
  useEditHistory,
  useRevertEdit,
} from '../../../api/edits';
import { refreshMediaItem, useMediaItem } from '../../../api/media';
import { describeError, errorCode } from '../../../lib/errors';
import { latest } from '../../../lib/query-client';
import { editProgressOf } from '../../../stores/edit-progress';
import type { CropFrame } from './crop-frame';
import { drawCropFrame, loadImage } from './crop-frame';
import type { Fidelity } from './edit-compiler';
import { compileOperations, cropFrameSize, sameOperations, stateFromOperations } from './edit-compiler';
import type { EditorState } from './edit-state';
import { initialEditorState, lockRatio } from './edit-state';
import type { PreviewView } from './preview-scheduler';
import { createPreviewScheduler } from './preview-scheduler';
import type { UndoHistory } from './undo-history';
import { canRedo, canUndo, changeTo, redo, startHistory, undo } from './undo-history';

export type EditorTab = 'crop' | 'adjust' | 'history';

/** How long a change must rest before the server renders it (a slider moving sends one request per pause). */
const PREVIEW_DELAY_MS = 180;

/** Where saving (or reverting) is. */
export type SaveState =
  | { phase: 'idle' }
  | { phase: 'saving' }
  | { phase: 'rendering'; version: number; revertedFrom: number | null }
  | { phase: 'switched'; version: number; revertedFrom: number | null }
  | { phase: 'failed'; message: string }
  /** CONFLICT: `stale` when someone saved another version since this editor opened. */
  | { phase: 'conflict'; message: string; stale: boolean };

interface Opened {
  version: number;
  operations: EditOperation[];
  fidelity: Fidelity;
}

const sameState = (a: EditorState, b: EditorState) => JSON.stringify(a) === JSON.stringify(b);

/** The newest saved version, rendered or not (versions are listed newest first). */
const newestVersion = (data: EditHistory) => Math.max(data.currentVersion, data.versions[0]?.version ?? 0);

export function createPhotoEditor(options: { modelSlug: Accessor<string>; mediaId: Accessor<number> }) {
  const slug = options.modelSlug;
  const mediaId = options.mediaId;
  const queryClient = useQueryClient();
  const detailQuery = useMediaItem(slug, mediaId);
  const [polling, setPolling] = createSignal(false);
  const historyQuery = useEditHistory(slug, mediaId, polling);
  const detail = () => latest(detailQuery);
  const history = () => latest(historyQuery);
  const upright = createMemo<Size | undefined>(
    () => {
      const data = history();
      return data?.uprightWidth && data.uprightHeight
        ? { width: data.uprightWidth, height: data.uprightHeight }
        : undefined;
    },
    undefined,
    { equals: (a, b) => a?.width === b?.width && a?.height === b?.height },
  );

  // ---- The version opened, and the edit on it ----
  const [opened, setOpened] = createSignal<Opened>();
  const [edits, setEdits] = createSignal<UndoHistory<EditorState>>(startHistory(initialEditorState));
  const state = () => edits().present;

  /**
   * Starts editing from the newest version (on open, and on reload): the current one, or one saved since that
   * is still rendering (a save must be based on the newest, or it is a CONFLICT).
   */
  function openNewest(data: EditHistory) {
    if (!data.uprightWidth || !data.uprightHeight) return;
    const size = { width: data.uprightWidth, height: data.uprightHeight };
    const operations = data.versions[0]?.operations ?? [];
    const read = stateFromOperations(operations, size);
    setOpened({ version: newestVersion(data), operations, fidelity: read.fidelity });
    setEdits(startHistory(read.state));
  }
  createEffect(() => {
    const data = history();
    if (data && !opened()) openNewest(data);
  });
  /** The photo has no size yet (not processed): nothing can be edited. */
  const notEditable = () => {
    const data = history();
    return data !== undefined && (!data.uprightWidth || !data.uprightHeight);
  };

  const operations = createMemo<EditOperation[]>(
    () => {
      const size = upright();
      return size ? compileOperations(state(), size) : [];
    },
    [],
    { equals: sameOperations },
  );
  const dirty = () => {
    const base = opened();
    return base !== undefined && !sameOperations(operations(), base.operations);
  };
  /** The crop's locked aspect (width ÷ height), or null when free. */
  const aspectRatio = () => {
    const aspect = state().aspect;
    return aspect ? lockRatio(aspect) : null;
  };
  const frameSize = createMemo(() => {
    const size = upright();
    return size ? cropFrameSize(state(), size) : undefined;
  });

  /** A change from a control: `commit` makes it one undo step; a slider moving sends `false` until released. */
  function edit(change: (state: EditorState) => EditorState, commit = true) {
    setEdits((current) => changeTo(current, change(current.present), commit, sameState));
  }
  /** Ends a live change (a slider released) as one undo step. */
  function commitLive() {
    setEdits((current) => changeTo(current, current.present, true, sameState));
  }

  // ---- Pictures ----
  /** The current version as it is now: the "before" of before/after. */
  const beforeUrl = () => {
    const data = detail();
    if (!data) return undefined;
    return (preferredVariant(data.variants, 'lg') ?? preferredVariant(data.variants, 'md'))?.url;
  };
  /**
   * The upright original the crop frame is drawn from: the item's own large variant while it shows the original
   * (version 0: no request, and likely cached already), else the server's render of no operations.
   */
  const baseSource = createMemo(
    () => {
      const data = detail();
      const version = opened()?.version;
      if (!data || version === undefined) return undefined;
      const variant =
        version === 0
          ? (preferredVariant(data.variants, 'lg') ?? preferredVariant(data.variants, 'md'))
          : undefined;
      return { url: variant?.url, version };
    },
    undefined,
    { equals: (a, b) => a?.url === b?.url && a?.version === b?.version },
  );
  const [base, setBase] = createSignal<HTMLImageElement>();
  const [baseError, setBaseError] = createSignal<unknown>();
  createEffect(
    on(baseSource, (source) => {
      if (!source) return;
      let current = true;
      onCleanup(() => {
        current = false;
      });
      setBaseError(undefined);
      const url = source.url
        ? Promise.resolve(source.url)
        : fetchEditPreview(slug(), mediaId(), [], PREVIEW_MAX_SIZE).then((preview) => preview.dataUrl);
      url.then(loadImage).then(
        (image) => current && setBase(image),
        (error: unknown) => current && setBaseError(error),
      );
    }),
  );
  /** The crop frame, drawn again when the turns, mirrors or straightening change (one drawing per frame). */
  const [frame, setFrame] = createSignal<CropFrame>();
  const [frameError, setFrameError] = createSignal<string>();
  const geometryKey = createMemo(() => {
    const { quarterTurns, flipHorizontal, flipVertical, straighten } = state();
    return JSON.stringify([quarterTurns, flipHorizontal, flipVertical, straighten]);
  });
  let drawing = 0;
  let frameRequest: number | undefined;
  createEffect(
    on([base, geometryKey, upright], ([image, , size]) => {
      if (!image || !size) return;
      cancelAnimationFrame(frameRequest ?? 0);
      frameRequest = requestAnimationFrame(() => {
        const ticket = ++drawing;
        const current = state();
        drawCropFrame(image, current, cropFrameSize(current, size), size).then(
          (drawn) => {
            if (ticket !== drawing) return URL.revokeObjectURL(drawn.url);
            const previous = frame();
            setFrame(drawn);
            setFrameError(undefined);
            if (previous) URL.revokeObjectURL(previous.url);
          },
          (error) => setFrameError(describeError(error)),
        );
      });
    }),
  );
  onCleanup(() => {
    cancelAnimationFrame(frameRequest ?? 0);
    const last = frame();
    if (last) URL.revokeObjectURL(last.url);
  });

  // ---- The server's preview of the whole edit ----
  // Lives as long as the editor (not the stage showing it): switching tabs or before/after shows the last render
  // at once, and undo/redo hit its cache.
  const [previewView, setPreviewView] = createSignal<PreviewView<EditPreview>>({
    result: undefined,
    resultKey: undefined,
    waitingFor: undefined,
    error: undefined,
  });
  const previews = createPreviewScheduler<EditOperation[], EditPreview>({
    keyOf: (list) => JSON.stringify(list),
    load: (list, signal) => fetchEditPreview(slug(), mediaId(), list, PREVIEW_MAX_SIZE, signal),
    onChange: setPreviewView,
    describeError,
    delayMs: PREVIEW_DELAY_MS,
  });
  onCleanup(() => previews.dispose());
  const [previewShown, setPreviewShown] = createSignal(false);
  createEffect(() => {
    if (previewShown() && opened() && upright()) previews.request(operations());
  });

  // ---- Saving and reverting ----
  const apply = useApplyEdit(slug);
  const revert = useRevertEdit(slug);
  const [save, setSave] = createSignal<SaveState>({ phase: 'idle' });
  const busy = () => save().phase === 'saving' || save().phase === 'rendering';
  /** The save state when it is in phase `name`, narrowed. */
  const inPhase =
    <P extends SaveState['phase']>(name: P) =>
    (): Extract<SaveState, { phase: P }> | undefined => {
      const current = save();
      return current.phase === name ? (current as Extract<SaveState, { phase: P }>) : undefined;
    };
  const progress = () => editProgressOf(slug(), mediaId());

  async function failed(error: unknown, base: number) {
    if (errorCode(error) !== 'CONFLICT') {
      setSave({ phase: 'failed', message: describeError(error) });
      return;
    }
    const fresh = await historyQuery.refetch();
    // Stale: another version was saved since (switched in already, or still rendering).
    const newest = fresh.data ? newestVersion(fresh.data) : base;
    setSave({ phase: 'conflict', message: describeError(error), stale: newest > base });
  }

  /** Saves the edit as a new version based on the version opened. */
  async function saveVersion() {
    const base = opened();
    if (!base || !dirty() || busy()) return;
    setSave({ phase: 'saving' });
    try {
      const saved = await apply.mutateAsync({
        mediaId: mediaId(),
        baseVersion: base.version,
        operations: operations(),
      });
      setSave({ phase: 'rendering', version: saved.version, revertedFrom: null });
    } catch (error) {
      await failed(error, base.version);
    }
  }

  /** A new version equal to `toVersion`; what is being edited is dropped. */
  async function revertTo(toVersion: number) {
    const data = history();
    if (!data || busy()) return;
    setSave({ phase: 'saving' });
    try {
      const saved = await revert.mutateAsync({
        mediaId: mediaId(),
        baseVersion: newestVersion(data),
        toVersion,
      });
      setSave({ phase: 'rendering', version: saved.version, revertedFrom: toVersion });
    } catch (error) {
      await failed(error, newestVersion(data));
    }
  }

  // The version is switched in when its progress says so, or when the item (read back after its
  // `media.changed`) shows it; it failed when its progress or its history entry says so.
  createEffect(() => setPolling(save().phase === 'rendering'));
  createEffect(() => {
    const current = save();
    if (current.phase !== 'rendering') return;
    const known = progress();
    const data = history();
    const entry = data?.versions.find((version) => version.version === current.version);
    if ((known?.version === current.version && known.state === 'failed') || entry?.status === 'failed') {
      setSave({
        phase: 'failed',
        message: `Version ${current.version} could not be rendered; the photo keeps showing the version before it.`,
      });
    } else if (
      (known && known.version >= current.version && known.state === 'ready') ||
      currentVersionOf(detail()) >= current.version ||
      (data?.currentVersion ?? -1) >= current.version
    ) {
      setSave({ phase: 'switched', version: current.version, revertedFrom: current.revertedFrom });
      // The grid and the detail show the new version even if its live event was missed.
      void refreshMediaItem(queryClient, slug(), mediaId());
    }
  });

  /** Drops the edit and starts again from the version current now (after a conflict, or after a revert). */
  const [reloading, setReloading] = createSignal(false);
  async function reload() {
    setSave({ phase: 'idle' });
    setReloading(true);
    try {
      const [fresh] = await Promise.all([historyQuery.refetch(), detailQuery.refetch()]);
      if (fresh.data) openNewest(fresh.data);
    } finally {
      setReloading(false);
    }
  }

  /** After a conflict: the same edit, based on the version current now (it replaces theirs). */
  async function saveOverTheirs() {
    const data = history();
    const base = opened();
    if (!data || !base) return;
    setOpened({ ...base, version: newestVersion(data) });
    setSave({ phase: 'idle' });
    await saveVersion();
  }

  return {
    slug,
    mediaId,
    detail,
    detailQuery,
    history,
    historyQuery,
    upright,
    opened,
    notEditable,
    state,
    operations,
    dirty,
    frameSize,
    aspectRatio,
    edit,
    commitLive,
    undo: () => setEdits(undo),
    redo: () => setEdits(redo),
    canUndo: () => canUndo(edits()),
    canRedo: () => canRedo(edits()),
    beforeUrl,
    base,
    baseError,
    frame,
    frameError,
    preview: {
      view: previewView,
      retry: () => previews.retry(),
      /** Whether a stage shows the preview (it is asked for only then). */
      setShown: setPreviewShown,
    },
    save,
    busy,
    rendering: inPhase('rendering'),
    failure: inPhase('failed'),
    conflict: inPhase('conflict'),
    switched: inPhase('switched'),
    progress,
    saveVersion,
    revertTo,
    reload,
    /** A reload is on its way: the editor waits for it (an edit made now would be dropped). */
    reloading,
    saveOverTheirs,
    dismissSaveState: () => setSave({ phase: 'idle' }),
  };
}

export type PhotoEditorController = ReturnType<typeof createPhotoEditor>;
