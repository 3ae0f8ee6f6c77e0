/**
 * The shape of the generated library, decided before any row is written: models (one big one), their
 * categories and tags, and the shoots each model uploaded (a shoot is one camera, one place, one day: a batch
 * of files uploaded together). Rows are numbered in upload order across all models, as an auto-increment id
 * would number them.
 */

import { mix, random } from './random';
import { BIG_MODEL_SLUG } from './size';
import type { Camera } from './vocabulary';
import {
  brands,
  cameras,
  categoryColors,
  categoryNames,
  exportNames,
  firstNames,
  graphics,
  lastNames,
  places,
  tagVocabulary,
} from './vocabulary';

/** The newest upload date in the generated library (fixed, so every run generates the same rows). */
export const LIBRARY_END = Date.UTC(2026, 10, 1);
const DAY = 86_400_000;

export interface PlanOptions {
  total: number;
  models: number;
  bigModelItems: number;
  seed: number;
}

export interface ModelPlan {
  id: number;
  slug: string;
  displayName: string;
  firstName: string;
  items: number;
  categories: { id: number; name: string; color: string; weight: number }[];
  tags: { id: number; name: string }[];
}

export interface Shoot {
  model: ModelPlan;
  seed: number;
  count: number;
  /** Upload time of the first file and the gap between files (ms). */
  start: number;
  gap: number;
  camera: Camera;
  cameraModel: string | null;
  /** Exported under another name (`k` = 1-based frame within the shoot), or the camera's own names. */
  exportName: ((k: number) => string) | null;
  firstFrame: number;
  /** When the first frame was taken (null: no EXIF date), and the gap between frames. */
  takenStart: number | null;
  takenGap: number;
  gps: boolean;
  categoryId: number | null;
  tagIds: number[];
  place: string;
  brand: string;
  wardrobe: number;
  altRate: number;
  captionRate: number;
  portraitRate: number;
}

export interface LibraryPlan {
  models: ModelPlan[];
  shoots: Shoot[];
  /** For the row with id `i + 1`: its shoot (index into `shoots`) and frame within the shoot. */
  shootOf: Int32Array;
  frameOf: Int32Array;
}

function weighted<T>(items: readonly T[], weights: readonly number[], u: number): T {
  const total = weights.reduce((sum, weight) => sum + weight, 0);
  let at = u * total;
  for (let index = 0; index < items.length; index += 1) {
    at -= weights[index] ?? 0;
    if (at < 0) return items[index] as T;
  }
  return items[items.length - 1] as T;
}

const cameraWeights = [0.18, 0.2, 0.18, 0.1, 0.14, 0.06, 0.04];
const allCameras = [...cameras, graphics];

/** Splits `total` into `parts` log-normal shares that add up exactly. */
function shares(total: number, parts: number, rng: ReturnType<typeof random>): number[] {
  const raw = Array.from({ length: parts }, () => rng.logNormal(1, 0.9));
  const sum = raw.reduce((a, b) => a + b, 0);
  const sizes = raw.map((value) => Math.max(1, Math.floor((value / sum) * total)));
  let rest = total - sizes.reduce((a, b) => a + b, 0);
  for (let index = 0; rest !== 0; index = (index + 1) % parts) {
    const step = rest > 0 ? 1 : -1;
    if ((sizes[index] ?? 0) + step >= 1) {
      sizes[index] = (sizes[index] ?? 0) + step;
      rest -= step;
    }
  }
  return sizes;
}

export function planLibrary(options: PlanOptions): LibraryPlan {
  const rng = random(options.seed);
  const sizes = [
    options.bigModelItems,
    ...shares(options.total - options.bigModelItems, options.models - 1, rng),
  ];
  let categoryId = 0;
  let tagId = 0;
  const models: ModelPlan[] = sizes.map((items, index) => {
    const big = index === 0;
    const firstName = rng.pick(firstNames);
    const lastName = rng.pick(lastNames);
    const categoryCount = big ? 12 : rng.chance(0.1) ? 0 : rng.int(2, 9);
    const tagCount = big ? 140 : rng.int(10, 80);
    return {
      id: index + 1,
      slug: big ? BIG_MODEL_SLUG : `bench-${firstName}-${lastName}-${index + 1}`.toLowerCase(),
      displayName: `${firstName} ${lastName}`,
      firstName,
      items,
      categories: rng.sample(categoryNames, categoryCount).map((name, rank) => ({
        id: ++categoryId,
        name,
        color: rng.pick(categoryColors),
        weight: 1 / (rank + 1.5),
      })),
      tags: rng.sample(tagVocabulary, tagCount).map((name) => ({ id: ++tagId, name })),
    };
  });

  const shoots: Shoot[] = [];
  for (const model of models) {
    const since =
      model.id === 1 ? Date.UTC(2019, 2, 1) : rng.between(Date.UTC(2017, 0, 1), LIBRARY_END - 90 * DAY);
    let left = model.items;
    while (left > 0) {
      const count = Math.min(left, Math.max(5, Math.round(rng.logNormal(60, 0.8))));
      left -= count;
      const camera = weighted(allCameras, [...cameraWeights, 0.1], rng.next());
      const gap = rng.between(400, 4000);
      // More uploads in recent years: start times skewed towards the end.
      const start = since + (LIBRARY_END - since - count * gap) * rng.next() ** (1 / 1.6);
      const place = rng.pick(places);
      const brand = rng.pick(brands);
      const renamed = camera !== graphics && rng.chance(0.35) ? rng.pick(exportNames) : null;
      const category =
        model.categories.length > 0 && !rng.chance(0.15)
          ? weighted(
              model.categories,
              model.categories.map((c) => c.weight),
              rng.next(),
            )
          : null;
      shoots.push({
        model,
        seed: rng.int(1, 2 ** 31),
        count,
        start,
        gap,
        camera,
        cameraModel: camera.models.length > 0 ? rng.pick(camera.models) : null,
        exportName: renamed ? (k) => renamed(k, { model: model.firstName, place, brand }) : null,
        firstFrame: rng.int(1, 9000),
        takenStart: camera === graphics || rng.chance(0.15) ? null : start - rng.between(3_600_000, 20 * DAY),
        takenGap: rng.between(1000, 20_000),
        gps: rng.chance(camera.gps),
        categoryId: category?.id ?? null,
        tagIds: rng.chance(0.3) ? [] : rng.sample(model.tags, rng.int(1, 4)).map((tag) => tag.id),
        place,
        brand,
        wardrobe: rng.int(0, 1000),
        altRate: rng.between(0.2, 0.95),
        captionRate: rng.chance(0.35) ? 0.8 : 0,
        portraitRate: camera === graphics ? 0.3 : rng.between(0.3, 0.8),
      });
    }
  }

  // Number the rows in upload order across every model, as AUTO_INCREMENT would have.
  const total = options.total;
  const shootIndex = new Int32Array(total);
  const frameIndex = new Int32Array(total);
  const times = new Float64Array(total);
  let at = 0;
  shoots.forEach((shoot, s) => {
    for (let frame = 0; frame < shoot.count; frame += 1, at += 1) {
      shootIndex[at] = s;
      frameIndex[at] = frame;
      times[at] = Math.floor(shoot.start + frame * shoot.gap);
    }
  });
  const order = Array.from({ length: total }, (_, index) => index);
  order.sort((a, b) => (times[a] ?? 0) - (times[b] ?? 0) || a - b);
  const shootOf = new Int32Array(total);
  const frameOf = new Int32Array(total);
  order.forEach((index, position) => {
    shootOf[position] = shootIndex[index] ?? 0;
    frameOf[position] = frameIndex[index] ?? 0;
  });
  return { models, shoots, shootOf, frameOf };
}

/** The random stream of one row (its shoot's seed and frame). */
export const rowRandom = (shoot: Shoot, frame: number) => random(mix(shoot.seed, frame));
