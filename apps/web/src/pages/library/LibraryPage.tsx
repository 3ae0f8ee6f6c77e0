import { useSearchParams } from '@solidjs/router';
import type { Component } from 'solid-js';
import {
  createEffect,
  createMemo,
  createSignal,
  lazy,
  on,
  onCleanup,
  onMount,
  Show,
  Suspense,
} from 'solid-js';
import { useLiveMediaChanges } from '../../api/media';
import { useCurrentModel } from '../../layouts/ModelLayout';
import { isTypingTarget } from '../../lib/file-drop';
import { showToast } from '../../stores/toasts';
import { ActiveFilters } from './ActiveFilters';
import { BulkBar } from './BulkBar';
import { BulkJobs } from './BulkJobs';
import { CategoryManager } from './CategoryManager';
import { ConfirmBulk } from './ConfirmBulk';
import { LibraryGrid } from './LibraryGrid';
import { LibrarySidebar } from './LibrarySidebar';
import { LibraryToolbar } from './LibraryToolbar';
import { createLibrary } from './library.controller';
import { MediaDetail } from './MediaDetail';
import { isEmpty } from './selection';
import { UploadPanel } from './UploadPanel';

/** The photo editor (and cropperjs) load when first opened. */
const PhotoEditor = lazy(() => import('./photo-editor/PhotoEditor'));

/** Whether a dialog (the detail panel, a confirmation) has the keyboard. */
const dialogOpen = () => document.querySelector('[role="dialog"], [role="alertdialog"]') !== null;

/**
 * The model's media library, a tool used all day: categories and statuses with counts on the left; search,
 * filters, sort and thumbnail size above a virtualised grid of every matching item; a bulk bar for the
 * selection; the detail panel with inline editing; the trash. The view lives in the URL (shareable, Back works)
 * and other admins' changes arrive live. Keys: `/` search, arrows move, Space selects, Delete trashes, Esc
 * clears the selection.
 */
const LibraryPage: Component = () => {
  const current = useCurrentModel();
  const slug = () => current.model().slug;
  const library = createLibrary({ modelSlug: slug, role: current.role });
  const live = useLiveMediaChanges(slug);
  let openPicker: (() => void) | undefined;
  let searchInput: HTMLInputElement | undefined;
  const [managing, setManaging] = createSignal(false);
  const [browsing, setBrowsing] = createSignal(false);
  const [toolbarHeight, setToolbarHeight] = createSignal(56);

  // The detail panel: the open item's id; ← and → walk the loaded items.
  const [openId, setOpenId] = createSignal<number>();
  // A link to one item (`?media=<id>`, e.g. the analytics' top photos) opens its panel; closing it drops the id.
  const [params, setParams] = useSearchParams();
  createEffect(
    on(
      () => params.media,
      (value) => {
        const id = typeof value === 'string' && /^[1-9]\d{0,15}$/.test(value) ? Number(value) : undefined;
        if (id !== undefined) setOpenId(id);
      },
    ),
  );
  const closeDetail = () => {
    setOpenId(undefined);
    if (params.media !== undefined) setParams({ media: undefined }, { replace: true, scroll: false });
  };
  const openIndex = createMemo(() => library.order().indexOf(openId() ?? -1));
  const moveBy = (step: number) => {
    const next = library.order()[openIndex() + step];
    if (next !== undefined) setOpenId(next);
    // Near the end of what is loaded: fetch the next page so → keeps going.
    if (step > 0 && openIndex() >= library.order().length - 2) library.loadMore();
  };

  // The photo editor: the id of the item it edits, over the grid or over the detail panel.
  const [editingId, setEditingId] = createSignal<number>();
  const openEditor = (id: number) => {
    if (!library.canEdit() || library.view().trash) return;
    const item = library.byId().get(id);
    if (item && item.processingStatus !== 'ready') {
      showToast('Only processed photos can be edited: this one is not ready yet.', 'info');
      return;
    }
    setEditingId(id);
  };

  onMount(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.defaultPrevented || event.altKey || dialogOpen()) return;
      const typing = isTypingTarget(event.target);
      if (event.key === '/' && !typing && !event.ctrlKey && !event.metaKey) {
        event.preventDefault();
        searchInput?.focus();
        searchInput?.select();
      } else if (event.key === 'Escape' && !typing && !isEmpty(library.selection())) {
        event.preventDefault();
        library.clearSelection();
      } else if (
        (event.key === 'Delete' || event.key === 'Backspace') &&
        !typing &&
        !isEmpty(library.selection())
      ) {
        event.preventDefault();
        library.requestTrash();
      } else if (event.key === 'a' && (event.ctrlKey || event.metaKey) && !typing) {
        event.preventDefault();
        library.selectAll();
      }
    };
    document.addEventListener('keydown', onKeyDown);
    onCleanup(() => document.removeEventListener('keydown', onKeyDown));
  });

  const toolbarRef = (element: HTMLDivElement) => {
    const observer = new ResizeObserver(() => setToolbarHeight(element.offsetHeight));
    observer.observe(element);
    onCleanup(() => observer.disconnect());
  };

  const sidebar = () => (
    <LibrarySidebar
      library={library}
      onChoose={() => setBrowsing(false)}
      onManageCategories={() => {
        setBrowsing(false);
        setManaging(true);
      }}
    />
  );

  return (
    <div
      class="container-fluid px-3 px-lg-4 pt-3"
      data-testid="library-page"
      data-view={library.view().trash ? 'trash' : 'library'}
    >
      <div class="row g-4">
        <aside class="col-lg-3 col-xl-2 d-none d-lg-block">{sidebar()}</aside>
        <div class="col-lg-9 col-xl-10">
          <div class="d-flex flex-wrap align-items-baseline justify-content-between gap-2 mb-3">
            <div>
              <h2 class="h4 mb-0">
                <Show when={library.view().trash} fallback="Library">
                  Trash
                </Show>
              </h2>
              <p class="text-body-secondary small mb-0">
                <Show
                  when={library.view().trash}
                  fallback={
                    <>Photos of {current.model().displayName}: find, sort, caption and curate them.</>
                  }
                >
                  Trashed items are hidden everywhere and deleted for good after 30 days.
                </Show>
              </p>
            </div>
            <Show when={library.view().trash && library.isAdmin() && (library.matching() ?? 0) > 0}>
              <button
                type="button"
                class="btn btn-outline-danger btn-sm"
                onClick={() => library.askConfirm('empty')}
                data-testid="empty-trash"
              >
                Empty the trash
              </button>
            </Show>
          </div>

          <Show when={!library.view().trash}>
            <Show
              when={library.canEdit()}
              fallback={
                <p class="small text-body-secondary" data-testid="library-read-only">
                  You can browse this library; uploading needs the editor role.
                </p>
              }
            >
              <UploadPanel modelSlug={slug()} registerPicker={(open) => (openPicker = open)} />
            </Show>
          </Show>

          <div ref={toolbarRef} class="sticky-top" style={{ 'z-index': 1010 }}>
            <LibraryToolbar
              library={library}
              live={live()}
              registerSearch={(input) => (searchInput = input)}
              onBrowse={() => setBrowsing(true)}
            />
          </div>
          <ActiveFilters library={library} />
          <BulkJobs modelSlug={slug()} />
          <LibraryGrid
            library={library}
            live={live()}
            coveredTop={toolbarHeight()}
            onOpen={setOpenId}
            onEdit={openEditor}
            onChooseFiles={() => openPicker?.()}
          />
          {/* Room for the bulk bar, so it never covers the last row. */}
          <Show when={!isEmpty(library.selection())}>
            <div style={{ height: '5rem' }} aria-hidden="true" />
          </Show>
        </div>
      </div>

      <Show when={!isEmpty(library.selection())}>
        <BulkBar library={library} />
      </Show>
      <ConfirmBulk library={library} />

      <Show when={browsing()}>
        <div
          class="offcanvas offcanvas-start show"
          tabindex="-1"
          role="dialog"
          aria-label="Categories"
          data-testid="library-browse-panel"
          onKeyDown={(event) => event.key === 'Escape' && setBrowsing(false)}
        >
          <div class="offcanvas-header border-bottom">
            <h2 class="offcanvas-title h5">Browse</h2>
            <button type="button" class="btn-close" aria-label="Close" onClick={() => setBrowsing(false)} />
          </div>
          <div class="offcanvas-body">{sidebar()}</div>
        </div>
        <button
          type="button"
          class="offcanvas-backdrop fade show border-0 p-0"
          aria-label="Close the categories"
          tabindex="-1"
          onClick={() => setBrowsing(false)}
        />
      </Show>

      <Show when={managing()}>
        <CategoryManager modelSlug={slug()} onClose={() => setManaging(false)} />
      </Show>

      <Show when={openId()}>
        {(id) => (
          <MediaDetail
            modelSlug={slug()}
            mediaId={id()}
            summary={library.byId().get(id())}
            canEdit={library.canEdit()}
            categories={library.categoriesData() ?? []}
            hasPrevious={openIndex() > 0}
            hasNext={
              openIndex() >= 0 &&
              (openIndex() < library.order().length - 1 || Boolean(library.list.hasNextPage))
            }
            onPrevious={() => moveBy(-1)}
            onNext={() => moveBy(1)}
            onSelect={setOpenId}
            onClose={closeDetail}
            onEdit={library.canEdit() && !library.view().trash ? () => openEditor(id()) : undefined}
            editing={editingId() !== undefined}
          />
        )}
      </Show>

      {/* Keyed: another item is another edit. */}
      <Show when={editingId()} keyed>
        {(id) => (
          <Suspense fallback={<div class="modal-backdrop show" aria-hidden="true" />}>
            <PhotoEditor
              modelSlug={slug()}
              mediaId={id}
              name={library.byId().get(id)?.originalFilename}
              onClose={() => setEditingId(undefined)}
            />
          </Suspense>
        )}
      </Show>
    </div>
  );
};

export default LibraryPage;
