import type { DayRange, Model, Repositories } from '@phoenix4ge/db';
import type { AnalyticsRange } from '@phoenix4ge/shared';
import { TRPCError } from '@trpc/server';
import type { MediaPresenter } from './media.presenter';

const DAY = 86_400_000;
/** The default range, and the longest one a read may ask for. */
const DEFAULT_DAYS = 30;
const MAX_DAYS = 366;
const TOP_ITEMS = 20;
/** Rows of one CSV export (a year of a busy model fits). */
const MAX_CSV_ROWS = 100_000;

const dayOf = (at: number) => new Date(at).toISOString().slice(0, 10);

/** The range asked for, completed with the defaults; BAD_REQUEST when reversed or too long. */
export function dayRange(input: AnalyticsRange, now = Date.now()): DayRange {
  const to = input.to ?? dayOf(now);
  const from = input.from ?? dayOf(Date.parse(to) - (DEFAULT_DAYS - 1) * DAY);
  const days = (Date.parse(to) - Date.parse(from)) / DAY + 1;
  if (days < 1 || days > MAX_DAYS) {
    throw new TRPCError({ code: 'BAD_REQUEST', message: `from–to: 1 to ${MAX_DAYS} days, from before to` });
  }
  return { from, to };
}

/** A CSV cell: quoted, and never read as a formula by a spreadsheet (a filename may start with `=`). */
export function csvCell(value: string | number): string {
  const text = String(value);
  const safe = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
  return `"${safe.replaceAll('"', '""')}"`;
}

/** The export's file name: the model and the days it covers (`mia-analytics-2026-02-09-2026-03-10.csv`). */
export function csvFilename(modelSlug: string, range: DayRange): string {
  return `${modelSlug}-analytics-${range.from}-${range.to}.csv`;
}

/** The analytics the SPA reads: per model (its members and admins) and across models (admins). */
export function createAnalyticsService(deps: {
  repositories: Pick<Repositories, 'analytics' | 'variants'>;
  present: Pick<MediaPresenter, 'variantUrl'>;
}) {
  const { analytics, variants } = deps.repositories;

  /** The top items with their thumbnail (of the current version, WebP preferred; null before processing). */
  async function topItems(modelId: number) {
    const rows = await analytics.top(modelId, TOP_ITEMS);
    const thumbs = await variants.ofCurrentVersion(
      rows.map((row) => ({ id: row.mediaId, currentVersion: row.currentVersion })),
      'thumb',
    );
    return rows.map(({ currentVersion: _version, ...row }) => ({
      ...row,
      thumbUrl: deps.present.variantUrl(thumbs, row.mediaId, 'thumb'),
    }));
  }

  return {
    /** Per day, the top items and per category, for one model. */
    async overview(model: Model, input: AnalyticsRange) {
      const range = dayRange(input);
      const [days, top, categories] = await Promise.all([
        analytics.perDay(model.id, range),
        topItems(model.id),
        analytics.perCategory(model.id, range),
      ]);
      return { range, days, top, categories };
    },
    /** One item's per-day series and all-time totals (zeros when it was never counted), for its detail panel. */
    async series(model: Model, mediaId: number, input: AnalyticsRange) {
      const range = dayRange(input);
      const [days, row] = await Promise.all([
        analytics.series(model.id, mediaId, range),
        analytics.of(mediaId),
      ]);
      const counted = row?.modelId === model.id ? row : undefined;
      return {
        range,
        mediaId,
        days,
        totals: {
          views: counted?.viewCount ?? 0,
          downloads: counted?.downloadCount ?? 0,
          edits: counted?.editCount ?? 0,
          engagementScore: counted?.engagementScore ?? 0,
          lastViewedAt: counted?.lastViewedAt ?? null,
        },
      };
    },
    /** Every model's totals in the range. */
    async models(input: AnalyticsRange) {
      const range = dayRange(input);
      return { range, models: await analytics.perModel(range) };
    },
    /** The model's rows per item and day as CSV (UTF-8, header line first). */
    async csv(model: Model, input: AnalyticsRange) {
      const range = dayRange(input);
      const rows = await analytics.rows(model.id, range, MAX_CSV_ROWS);
      const lines = [
        ['day', 'media_id', 'filename', 'views', 'downloads', 'edits'].map(csvCell).join(','),
        ...rows.map((row) =>
          [row.day, row.mediaId, row.originalFilename, row.views, row.downloads, row.edits]
            .map(csvCell)
            .join(','),
        ),
      ];
      return {
        filename: csvFilename(model.slug, range),
        csv: `${lines.join('\r\n')}\r\n`,
        truncated: rows.length === MAX_CSV_ROWS,
      };
    },
  };
}

export type AnalyticsService = ReturnType<typeof createAnalyticsService>;
