/**
 * Every `analytics.*` procedure, wrapped once. Counts change only when the worker flushes them (every minute),
 * so the answers are kept fresh for that long.
 */
import type { RouterInputs, RouterOutputs } from '@phoenix4ge/api/router';
import { useMutation, useQuery } from '@tanstack/solid-query';
import type { Accessor } from 'solid-js';
import { trpc } from '../lib/trpc';

export type AnalyticsOverview = RouterOutputs['analytics']['overview'];
export type TopItem = AnalyticsOverview['top'][number];
export type CategoryTotals = AnalyticsOverview['categories'][number];
export type MediaAnalytics = RouterOutputs['analytics']['media'];
export type ModelTotals = RouterOutputs['analytics']['models']['models'][number];
type ModelRange = RouterInputs['analytics']['overview'];
type Range = RouterInputs['analytics']['models'];

/** How often the worker moves counts into the database: newer answers cannot differ. */
const FLUSH_INTERVAL_MS = 60_000;

export const analyticsKeys = {
  all: ['analytics'] as const,
  overview: (input: ModelRange) => ['analytics', 'overview', input] as const,
  media: (modelSlug: string, mediaId: number) => ['analytics', 'media', { modelSlug, mediaId }] as const,
  models: (input: Range) => ['analytics', 'models', input] as const,
};

/** `analytics.overview`: one model's per-day counts, top items and per-category totals in the range. */
export function useAnalyticsOverview(input: Accessor<ModelRange>) {
  return useQuery(() => ({
    queryKey: analyticsKeys.overview(input()),
    queryFn: () => trpc.analytics.overview.query(input()),
    staleTime: FLUSH_INTERVAL_MS,
  }));
}

/** `analytics.media`: one item's last 30 days and all-time totals (the detail panel). */
export function useMediaAnalytics(modelSlug: Accessor<string>, mediaId: Accessor<number>) {
  return useQuery(() => ({
    queryKey: analyticsKeys.media(modelSlug(), mediaId()),
    queryFn: () => trpc.analytics.media.query({ modelSlug: modelSlug(), mediaId: mediaId() }),
    staleTime: FLUSH_INTERVAL_MS,
  }));
}

/** `analytics.models` (admins): every model's totals in the range. */
export function useAnalyticsModels(input: Accessor<Range>) {
  return useQuery(() => ({
    queryKey: analyticsKeys.models(input()),
    queryFn: () => trpc.analytics.models.query(input()),
    staleTime: FLUSH_INTERVAL_MS,
  }));
}

/** `analytics.exportCsv`: asked for on a click, not cached (a query on the api, a one-off action here). */
export function useAnalyticsCsv() {
  return useMutation(() => ({
    mutationKey: ['analytics', 'exportCsv', null] as const,
    mutationFn: (input: ModelRange) => trpc.analytics.exportCsv.query(input),
  }));
}
