import type { LibraryPageRow, MediaVariant } from '@phoenix4ge/db';
import type {
  LibraryItem,
  MediaSummary,
  MediaVariantView,
  ModelPublicationFacts,
  TagView,
  VariantPresetName,
} from '@phoenix4ge/shared';
import { preferredVariant, publicationStateOf } from '@phoenix4ge/shared';
import { mediaUrl } from './media-urls';

/** The columns a summary shows (a library page selects no more). */
type SummaryRow = Omit<LibraryPageRow, 'categoryName' | 'categoryColor'>;

/** How media rows and their files are shown to clients: summaries, variant views and file URLs. */
export function createMediaPresenter(publicUrl: string | undefined) {
  const url = (key: string) => mediaUrl(key, publicUrl);

  /** The URL of the file of `preset` to show for one media (WebP preferred), or null when there is none. */
  function variantUrl(variants: MediaVariant[], mediaId: number, preset: VariantPresetName): string | null {
    const found = preferredVariant(
      variants.filter((variant) => variant.mediaId === mediaId),
      preset,
    );
    return found ? url(found.storageKey) : null;
  }

  /** A media row for lists and responses; `variants` (any media's) give its thumbnail URL. */
  function summary(row: SummaryRow, variants: MediaVariant[] = []): MediaSummary {
    return {
      id: row.id,
      originalFilename: row.originalFilename,
      mimeType: row.mimeType,
      bytes: row.bytes,
      sha256: row.sha256,
      width: row.width,
      height: row.height,
      processingStatus: row.processingStatus,
      processingError: row.processingError,
      moderationStatus: row.moderationStatus,
      moderationReason: row.moderationReason,
      moderatedAt: row.moderatedAt,
      categoryId: row.categoryId,
      altText: row.altText,
      caption: row.caption,
      uploadDate: row.uploadDate,
      deletedAt: row.deletedAt,
      placeholder: row.placeholder,
      dominantColor: row.dominantColor,
      thumbUrl: variantUrl(variants, row.id, 'thumb'),
      takenAt: row.takenAt,
      orientation: row.orientation,
      cameraMake: row.cameraMake,
      cameraModel: row.cameraModel,
      hasGps: row.hasGps,
      focalPoint: row.focalX !== null && row.focalY !== null ? { x: row.focalX, y: row.focalY } : null,
      revision: row.revision,
      currentVersion: row.currentVersion,
      publicVersion: row.publicVersion,
      publishFrom: row.publishFrom,
      publishUntil: row.publishUntil,
      publicOrder: row.publicOrder,
    };
  }

  return {
    url,
    variantUrl,
    summary,
    /** A row of the library list: the summary with its category, tags and publication state (of its `model`). */
    libraryItem(
      row: LibraryPageRow,
      variants: MediaVariant[],
      tags: Map<number, TagView[]>,
      model: ModelPublicationFacts,
      now = new Date(),
    ): LibraryItem {
      return {
        ...summary(row, variants),
        categoryName: row.categoryName,
        categoryColor: row.categoryColor,
        tags: tags.get(row.id) ?? [],
        publication: publicationStateOf(row, model, now),
      };
    },
    variant(variant: MediaVariant): MediaVariantView {
      return {
        preset: variant.preset,
        format: variant.format,
        width: variant.width,
        height: variant.height,
        bytes: variant.bytes,
        url: url(variant.storageKey),
      };
    },
  };
}

export type MediaPresenter = ReturnType<typeof createMediaPresenter>;
