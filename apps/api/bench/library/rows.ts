/**
 * The rows of the generated library as LOAD DATA text (tab-separated, `\N` for NULL): one media row per planned
 * frame, and the tag links and thumbnail variants that go with them.
 */
import { createHash } from 'node:crypto';
import { originalKey, variantKey } from '@phoenix4ge/shared';
import type { LibraryPlan, Shoot } from './plan';
import { rowRandom } from './plan';
import type { Random } from './random';
import {
  agencies,
  altLight,
  altPlaces,
  altSubjects,
  altWardrobe,
  artists,
  captionTemplates,
  cities,
  magazines,
  months,
  photographers,
  seasons,
} from './vocabulary';

/** The media columns the generator writes, in LOAD DATA order (generated columns are left to the server). */
export const mediaColumns = [
  'id',
  'model_id',
  'category_id',
  'original_filename',
  'alt_text',
  'caption',
  'mime_type',
  'bytes',
  'width',
  'height',
  'sha256',
  'phash',
  'storage_key',
  'processing_status',
  'processing_error',
  'moderation_status',
  'moderated_at',
  'moderation_reason',
  'current_version',
  'public_version',
  'publish_from',
  'publish_until',
  'placeholder',
  'dominant_color',
  'upload_date',
  'updated_at',
  'deleted_at',
  'taken_at',
  'camera_make',
  'camera_model',
  'has_gps',
  'orientation',
  'tag_names',
  'focal_x',
  'focal_y',
  'revision',
] as const;

export const variantColumns = [
  'media_id',
  'version',
  'preset',
  'format',
  'width',
  'height',
  'bytes',
  'storage_key',
  'created_at',
] as const;

type Cell = string | number | null;

const escapeText = (value: string) =>
  value.replace(/[\\\t\n]/g, (c) => (c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\\\'));
const cell = (value: Cell) =>
  value === null ? '\\N' : typeof value === 'number' ? String(value) : escapeText(value);
export const line = (cells: Cell[]) => `${cells.map(cell).join('\t')}\n`;
const datetime = (ms: number) => new Date(ms).toISOString().slice(0, 23).replace('T', ' ');

const extensionOf: Record<string, string> = {
  'image/jpeg': 'jpg',
  'image/png': 'png',
  'image/webp': 'webp',
  'image/avif': 'avif',
};
const mimeOfName = (name: string, fallback: string) =>
  name.endsWith('.webp') ? 'image/webp' : name.endsWith('.avif') ? 'image/avif' : fallback;

function fill(template: string, shoot: Shoot, rng: Random): string {
  const values: Record<string, string> = {
    season: rng.pick(seasons),
    brand: shoot.brand.replace('-', ' '),
    city: rng.pick(cities),
    photographer: rng.pick(photographers),
    artist: rng.pick(artists),
    agency: rng.pick(agencies),
    month: rng.pick(months),
    magazine: rng.pick(magazines),
    place: shoot.place,
    name: shoot.model.firstName,
  };
  return template.replace(/\{(\w+)\}/g, (_, key: string) => values[key] ?? key);
}

/**
 * A few publication windows, from the id (not the row's random stream, which the other columns share): about 1 %
 * of the rows ended their window a year ago and 1 % open theirs a year from now.
 */
function publicationWindow(id: number): [string | null, string | null] {
  const now = Date.UTC(2026, 10, 20);
  if (id % 97 === 0) return [null, datetime(now - 365 * 86_400_000)];
  if (id % 89 === 0) return [datetime(now + 365 * 86_400_000), null];
  return [null, null];
}

/** What a row needs after its media line: its tag links and whether it has thumbnails. */
export interface RowFacts {
  tagIds: number[];
  ready: boolean;
  version: number;
  modelId: number;
  uploadDate: number;
}

/** The media line of row `id` (1-based), and the facts its tag links and variants are made from. */
export function mediaRow(plan: LibraryPlan, id: number): { text: string; facts: RowFacts } {
  const shoot = plan.shoots[plan.shootOf[id - 1] ?? 0] as Shoot;
  const frame = plan.frameOf[id - 1] ?? 0;
  const rng = rowRandom(shoot, frame);
  const { model, camera } = shoot;
  const uploadDate = Math.floor(shoot.start + frame * shoot.gap);

  const name = shoot.exportName
    ? shoot.exportName(frame + 1)
    : camera.name(shoot.firstFrame + frame, new Date(uploadDate));
  const mime = mimeOfName(name, camera.mime);
  const roll = rng.next();
  const processing =
    roll < 0.965 ? 'ready' : roll < 0.985 ? 'failed' : roll < 0.993 ? 'processing' : 'uploaded';
  const ready = processing === 'ready';
  const moderationRoll = rng.next();
  const moderation = !ready
    ? 'pending'
    : moderationRoll < 0.84
      ? 'approved'
      : moderationRoll < 0.9
        ? 'rejected'
        : moderationRoll < 0.93
          ? 'flagged'
          : 'pending';
  const decided = moderation === 'approved' || moderation === 'rejected';

  const [long, short] = rng.pick(camera.sizes);
  const square = camera.make === null ? rng.chance(0.25) : rng.chance(0.02);
  const upright = !square && rng.chance(shoot.portraitRate);
  const width = ready ? (square ? short : upright ? short : long) : null;
  const height = ready ? (square ? short : upright ? long : short) : null;
  const orientation = !ready ? null : square ? 'square' : upright ? 'portrait' : 'landscape';
  const bytes = Math.round(rng.between(camera.megabytes[0], camera.megabytes[1]) * 1_048_576);

  const alt = rng.chance(shoot.altRate)
    ? [
        rng.pick(altSubjects).replace('{name}', model.firstName),
        altWardrobe[(shoot.wardrobe + (rng.chance(0.2) ? rng.int(1, 5) : 0)) % altWardrobe.length],
        altPlaces[shoot.place],
        rng.chance(0.5) ? rng.pick(altLight) : undefined,
      ]
        .filter(Boolean)
        .join(' ')
    : null;
  const caption = rng.chance(shoot.captionRate) ? fill(rng.pick(captionTemplates), shoot, rng) : null;

  const tagIds = shoot.tagIds.filter(() => rng.chance(0.9));
  if (shoot.tagIds.length > 0 && rng.chance(0.2)) {
    const extra = rng.pick(model.tags).id;
    if (!tagIds.includes(extra)) tagIds.push(extra);
  }
  const tagNames = tagIds
    .map((tagId) => model.tags.find((tag) => tag.id === tagId)?.name ?? '')
    .sort()
    .join(' ');

  // Content addresses must be unique per model: derived from the id, not from the row's random stream.
  const sha256 = createHash('sha256').update(`bench-media-${id}`).digest('hex');
  const version = ready && rng.chance(0.08) ? rng.int(1, 3) : 0;
  const takenAt = shoot.takenStart === null ? null : Math.floor(shoot.takenStart + frame * shoot.takenGap);
  const trashed = rng.chance(0.015)
    ? Math.min(uploadDate + rng.between(60_000, 400 * 86_400_000), Date.UTC(2026, 10, 20))
    : null;
  const focal = ready && rng.chance(0.03);

  const text = line([
    id,
    model.id,
    rng.chance(0.05) ? null : shoot.categoryId,
    name,
    alt,
    caption,
    mime,
    bytes,
    width,
    height,
    sha256,
    ready ? rng.hex(16) : null,
    originalKey(model.id, sha256, extensionOf[mime] ?? 'jpg'),
    processing,
    processing === 'failed' ? 'Input file has corrupt header: VipsJpeg: premature end of JPEG image' : null,
    moderation,
    decided ? datetime(uploadDate + rng.between(30_000, 3 * 86_400_000)) : null,
    moderation === 'rejected' ? `Rejected by editor@${model.slug}.example: off-brief` : null,
    version,
    moderation === 'approved' ? version : null,
    ...publicationWindow(id),
    ready ? rng.hex(28) : null,
    ready ? `#${rng.hex(6)}` : null,
    datetime(uploadDate),
    datetime(trashed ?? uploadDate + (version > 0 ? 86_400_000 : 0)),
    trashed === null ? null : datetime(trashed),
    takenAt === null ? null : datetime(takenAt),
    camera.make,
    shoot.cameraModel,
    shoot.gps ? 1 : 0,
    orientation,
    tagNames === '' ? null : tagNames,
    focal ? Math.round(rng.next() * 1000) / 1000 : null,
    focal ? Math.round(rng.next() * 1000) / 1000 : null,
    rng.chance(0.1) ? rng.int(1, 4) : 0,
  ]);
  return { text, facts: { tagIds, ready, version, modelId: model.id, uploadDate } };
}

/** The two thumbnails (WebP and JPEG, 256×256) of a processed row: all the list reads of its variants. */
export function variantRows(id: number, facts: Pick<RowFacts, 'version' | 'modelId' | 'uploadDate'>): string {
  const created = datetime(facts.uploadDate + 5000);
  return ['webp', 'jpeg']
    .map((format) =>
      line([
        id,
        facts.version,
        'thumb',
        format,
        256,
        256,
        format === 'webp' ? 9000 + (id % 7000) : 14000 + (id % 9000),
        variantKey(facts.modelId, id, facts.version, 'thumb', format as 'webp' | 'jpeg'),
        created,
      ]),
    )
    .join('');
}
