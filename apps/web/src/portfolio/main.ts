import './portfolio.css';
import type { PublicCategories } from '@phoenix4ge/shared';
import { createGallery } from './gallery';
import { createLightbox } from './lightbox';
import { NotFoundError, publicApi } from './public-api';
import { createViewTracker } from './view-tracker';

/**
 * The portfolio page of one model, `/portfolio/<slug>?category=<id>`: the reference for site developers, built
 * only on the public API (public-api.ts). Category tabs are links (the URL says which is shown, Back works), the
 * grid pages with the API's cursor, a tile opens the lightbox, and views are reported in batches.
 */

function element<T extends HTMLElement>(selector: string): T {
  const found = document.querySelector<T>(selector);
  if (!found) throw new Error(`portfolio.html has no ${selector}`);
  return found;
}

const slug = decodeURIComponent(location.pathname.split('/')[2] ?? '');
const api = publicApi(slug);
const title = element<HTMLHeadingElement>('#portfolio-title');
const tabs = element<HTMLUListElement>('.tabs');
const status = element<HTMLParagraphElement>('.status');
const views = createViewTracker((ids) => api.sendViews(ids));

const gallery = createGallery({
  api,
  views,
  grid: element('.grid'),
  more: element('.more button'),
  status,
  open: (index) => lightbox.open(index),
});
const lightbox = createLightbox(element<HTMLDialogElement>('dialog.lightbox'), {
  items: gallery.items,
  hasMore: gallery.hasMore,
  loadMore: gallery.loadMore,
  opener: gallery.tile,
  downloadUrl: api.downloadUrl,
  onShow: (item) => views.count(item.id),
});

/** The category the URL names (`?category=<id>`), or undefined for all. */
function categoryInUrl(): number | undefined {
  const value = new URLSearchParams(location.search).get('category');
  return value && /^[1-9]\d*$/.test(value) ? Number(value) : undefined;
}

function renderTabs(categories: PublicCategories['categories']) {
  const tab = (label: string, count: number | undefined, id: number | undefined) => {
    const item = document.createElement('li');
    const link = document.createElement('a');
    link.href = id === undefined ? location.pathname : `?category=${id}`;
    link.dataset.testid = 'portfolio-tab';
    link.dataset.category = id === undefined ? '' : String(id);
    link.textContent = label;
    if (count !== undefined) {
      const badge = document.createElement('span');
      badge.className = 'count';
      badge.textContent = String(count);
      link.append(' ', badge);
    }
    link.addEventListener('click', (event) => {
      // A new tab or window (modifier keys, middle button) is the browser's business.
      if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
      event.preventDefault();
      if (id === categoryInUrl()) return;
      history.pushState(null, '', link.href);
      void showCategory();
    });
    item.append(link);
    return item;
  };
  tabs.replaceChildren(
    tab('All', undefined, undefined),
    ...categories.map((category) => tab(category.name, category.count, category.id)),
  );
}

/** Shows the category the URL names: the tabs say which is current, the grid holds its photos. */
function showCategory(): Promise<void> {
  const current = categoryInUrl();
  for (const link of tabs.querySelectorAll<HTMLAnchorElement>('a')) {
    const selected = link.dataset.category === (current === undefined ? '' : String(current));
    if (selected) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  }
  return gallery.show(current);
}

async function start() {
  title.textContent = slug;
  try {
    const { model, categories } = await api.categories();
    title.textContent = model.name;
    document.title = model.name;
    renderTabs(categories);
  } catch (error) {
    if (!(error instanceof NotFoundError)) throw error;
    title.textContent = 'Portfolio not found';
    document.title = 'Portfolio not found';
    document.body.dataset.state = 'not-found';
    status.textContent = `There is no portfolio at this address.`;
    return;
  }
  window.addEventListener('popstate', () => void showCategory());
  await showCategory();
}

start().catch((error: unknown) => {
  status.textContent = 'The portfolio could not be loaded. Please try again later.';
  console.error(error);
});
