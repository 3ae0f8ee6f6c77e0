import { A } from '@solidjs/router';
import type { Component } from 'solid-js';
import { useCurrentModel } from '../../layouts/ModelLayout';
import { modelHref } from '../../stores/current-model';

/** The model's media library. Uploads are not built yet; this page says so rather than pretending. */
const LibraryPage: Component = () => {
  const current = useCurrentModel();

  return (
    <div class="container py-4" data-testid="library-page">
      <div class="border rounded-3 bg-body p-4 p-md-5 text-center">
        <h2 class="h5">Library</h2>
        <p class="text-body-secondary mb-3">
          Uploading and browsing media for {current.model().displayName} arrives in a later release.
        </p>
        <A href={modelHref(current.model().slug, 'members')} class="btn btn-outline-primary btn-sm">
          See who works on this model
        </A>
      </div>
    </div>
  );
};

export default LibraryPage;
