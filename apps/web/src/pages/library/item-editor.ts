import type { LibraryItem } from '@phoenix4ge/shared';
import type { Accessor } from 'solid-js';
import { createEffect, createSignal, on, onCleanup } from 'solid-js';
import { createStore, reconcile } from 'solid-js/store';
import { useUpdateMedia } from '../../api/library';
import type { MediaDetail } from '../../api/media';
import { asApiError, describeError } from '../../lib/errors';
import type { EditableFields, EditableName } from './item-edits';
import { changedNames, editableFields, updateFields } from './item-edits';

export type SaveState = 'saved' | 'unsaved' | 'saving' | 'conflict' | 'error';

/** Someone else saved first: the item as it is now, and the fields both changed or only they did. */
export interface EditConflict {
  current: LibraryItem;
  /** Fields this editor changed (to re-apply). */
  mine: EditableName[];
}

/**
 * One item's editable fields: a draft the inputs write, the copy it is based on (its revision), and saving with
 * optimistic concurrency. A save sends only what changed since that copy; while one is on its way further
 * changes wait for it. A CONFLICT (someone saved first) keeps the draft and says what they changed, until the
 * editor takes theirs or re-applies theirs on top of the new copy. Changes arriving live while nothing is
 * unsaved simply show.
 */
export function createItemEditor(modelSlug: Accessor<string>, detail: Accessor<MediaDetail>) {
  const update = useUpdateMedia(modelSlug);
  const [base, setBase] = createSignal({ revision: detail().revision, fields: editableFields(detail()) });
  const [draft, setDraft] = createStore<EditableFields>(editableFields(detail()));
  const [state, setState] = createSignal<SaveState>('saved');
  const [conflict, setConflict] = createSignal<EditConflict>();
  const [error, setError] = createSignal<string>();
  let again = false;

  const dirty = () => changedNames(base().fields, draft).length > 0;

  // A fresher copy arrived (another admin, the worker): shown at once when nothing here is unsaved.
  createEffect(
    on(
      () => detail().revision,
      (revision) => {
        if (revision === base().revision || state() === 'saving' || state() === 'conflict') return;
        if (!dirty()) {
          setBase({ revision, fields: editableFields(detail()) });
          setDraft(reconcile(editableFields(detail())));
        }
      },
      { defer: true },
    ),
  );

  async function save(): Promise<void> {
    if (state() === 'saving') {
      again = true;
      return;
    }
    if (state() === 'conflict') return;
    const names = changedNames(base().fields, draft);
    if (names.length === 0) {
      setState('saved');
      return;
    }
    const sent = JSON.parse(JSON.stringify(draft)) as EditableFields;
    setState('saving');
    setError(undefined);
    try {
      const item = await update.mutateAsync({
        id: detail().id,
        revision: base().revision,
        ...updateFields(sent, names),
      });
      const fresh = editableFields(item);
      setBase({ revision: item.revision, fields: fresh });
      // What was sent takes the server's form (trimmed text, tag spelling); later edits stay.
      for (const name of names) {
        if (changedNames(sent, draft).includes(name)) continue;
        setDraft(name, fresh[name] as never);
      }
      setState(dirty() ? 'unsaved' : 'saved');
    } catch (cause) {
      const current = asApiError(cause)?.data?.current;
      if (asApiError(cause)?.data?.code === 'CONFLICT' && current) {
        setConflict({ current, mine: names });
        setState('conflict');
        again = false;
        return;
      }
      setError(describeError(cause));
      setState('error');
    }
    if (again) {
      again = false;
      await save();
    }
  }

  /** Take the other editor's version: the draft becomes the item as it is now. */
  function takeTheirs() {
    const found = conflict();
    if (!found) return;
    const fields = editableFields(found.current);
    setBase({ revision: found.current.revision, fields });
    setDraft(reconcile(fields));
    setConflict(undefined);
    setState('saved');
  }

  /** Keep this editor's changes: saved again on top of the item as it is now. */
  function reapplyMine() {
    const found = conflict();
    if (!found) return;
    const theirs = editableFields(found.current);
    // Fields only they changed take their value; mine keep mine.
    for (const name of Object.keys(theirs) as EditableName[]) {
      if (!found.mine.includes(name)) setDraft(name, theirs[name] as never);
    }
    setBase({ revision: found.current.revision, fields: theirs });
    setConflict(undefined);
    setState('unsaved');
    void save();
  }

  function edit<N extends EditableName>(name: N, value: EditableFields[N], saveNow: boolean) {
    setDraft(name, value as never);
    if (state() === 'saved' || state() === 'error') setState(dirty() ? 'unsaved' : 'saved');
    if (saveNow) void save();
  }

  // Closing the panel (or moving to another item) with text not yet saved saves it.
  onCleanup(() => {
    if (dirty() && state() !== 'conflict' && state() !== 'saving') void save();
  });

  return { draft, state, conflict, error, dirty, edit, save, takeTheirs, reapplyMine };
}

export type ItemEditor = ReturnType<typeof createItemEditor>;
