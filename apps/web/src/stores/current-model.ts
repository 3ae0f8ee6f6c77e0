/**
 * The model the user works on. The URL is the source of truth (`/m/:modelSlug/...`); the last one opened is
 * remembered in localStorage so the app opens there next time and the navbar links keep pointing at it on
 * pages outside a model (Users, Audit log …).
 */
import { useMatch } from '@solidjs/router';
import type { Accessor } from 'solid-js';
import { createMemo } from 'solid-js';
import type { Model } from '../api/models';

const STORAGE_KEY = 'p4g.currentModel';

export function rememberModel(slug: string) {
  try {
    localStorage.setItem(STORAGE_KEY, slug);
  } catch {
    // Storage may be disabled (private mode, policy); the URL still carries the model.
  }
}

export function rememberedModel(): string | undefined {
  try {
    return localStorage.getItem(STORAGE_KEY) ?? undefined;
  } catch {
    return undefined;
  }
}

/** The model sections a model URL can point at; switching models keeps the section. */
export const modelSections = ['library', 'moderation', 'members', 'analytics', 'settings'] as const;
export type ModelSection = (typeof modelSections)[number];

export function modelHref(slug: string, section: ModelSection = 'library'): string {
  return `/m/${encodeURIComponent(slug)}/${section}`;
}

/** The model in the URL, or else the remembered one, or else the first the user can see. */
export function useCurrentModelSlug(models: Accessor<readonly Model[] | undefined>) {
  const match = useMatch(() => '/m/:modelSlug/*section');
  const section = createMemo((): ModelSection => {
    const current = match()?.params.section?.split('/')[0];
    return modelSections.find((name) => name === current) ?? 'library';
  });
  const slug = createMemo((): string | undefined => {
    const inUrl = match()?.params.modelSlug;
    if (inUrl) return inUrl;
    const list = models() ?? [];
    const remembered = rememberedModel();
    return list.find((model) => model.slug === remembered)?.slug ?? list[0]?.slug;
  });
  return { slug, section, inUrl: () => Boolean(match()) };
}
