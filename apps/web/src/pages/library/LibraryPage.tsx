import type { Component } from 'solid-js';
import { Show } from 'solid-js';
import { useLiveMediaChanges } from '../../api/media';
import { PageHeader } from '../../components/PageHeader';
import { useCurrentModel } from '../../layouts/ModelLayout';
import { MediaGrid } from './MediaGrid';
import { UploadPanel } from './UploadPanel';

/**
 * The model's media library: the upload panel for editors and admins (viewers only look), and the grid of
 * what is there, newest first, kept current by the `media.onChange` subscription while the page is open.
 */
const LibraryPage: Component = () => {
  const current = useCurrentModel();
  const slug = () => current.model().slug;
  const canUpload = () => current.role() === 'admin' || current.role() === 'editor';
  let openPicker: (() => void) | undefined;
  const live = useLiveMediaChanges(slug);

  return (
    <div class="container py-4" data-testid="library-page">
      <PageHeader title="Library" description={<>Photos of {current.model().displayName}, newest first.</>} />
      <Show
        when={canUpload()}
        fallback={
          <p class="small text-body-secondary" data-testid="library-read-only">
            You can browse this library; uploading needs the editor role.
          </p>
        }
      >
        <UploadPanel modelSlug={slug()} registerPicker={(open) => (openPicker = open)} />
      </Show>
      <MediaGrid
        modelSlug={slug()}
        canUpload={canUpload()}
        live={live()}
        onChooseFiles={() => openPicker?.()}
      />
    </div>
  );
};

export default LibraryPage;
