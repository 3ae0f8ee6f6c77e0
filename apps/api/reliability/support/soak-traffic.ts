import { randomInt } from 'node:crypto';
import type { EditOperation } from '@phoenix4ge/shared';
import { TRPCClientError } from '@trpc/client';
import { trpcClient } from '../../test/support/harness';
import { upload } from '../../test/support/uploads';
import { NO_ANSWER, type RouteStats } from './route-stats';
import { uniqueJpeg } from './upload-load';

/** The routes as the report names them, and what each may answer under this traffic. */
export const soakRoutes = {
  upload: { name: 'POST /api/model-media-library/:slug/upload', allowed: [201] },
  list: { name: 'trpc media.list', allowed: [200] },
  facets: { name: 'trpc media.facets', allowed: [200] },
  byId: { name: 'trpc media.byId', allowed: [200] },
  item: { name: 'GET /api/model-media-library/:slug/:id', allowed: [200] },
  file: { name: 'GET /media/<variant key>', allowed: [200] },
  queue: { name: 'trpc moderation.queue', allowed: [200] },
  decide: { name: 'trpc moderation.decide', allowed: [200] },
  history: { name: 'trpc edits.history', allowed: [200] },
  // A newer version saved meanwhile, or a render still running, is a CONFLICT the editor is told about.
  apply: { name: 'trpc edits.apply', allowed: [200, 409] },
  revert: { name: 'trpc edits.revert', allowed: [200, 409] },
  preview: { name: 'trpc edits.preview', allowed: [200, 409] },
  gallery: { name: 'GET /api/public/:slug/gallery', allowed: [200, 304] },
  categories: { name: 'GET /api/public/:slug/categories', allowed: [200, 304] },
  // A URL read from a gallery page dies when another user rejects the item or approves a new version of it.
  image: { name: 'GET /i/:token/:preset', allowed: [200, 404] },
  events: { name: 'POST /api/public/:slug/events', allowed: [202] },
} as const;
type RouteId = keyof typeof soakRoutes;

export function allowedStatus(route: string, status: number): boolean {
  const known = Object.values(soakRoutes).find((entry) => entry.name === route);
  return (known?.allowed as readonly number[] | undefined)?.includes(status) ?? false;
}

export interface SoakTarget {
  url: string;
  slug: string;
  categories: { id: number; name: string }[];
}

/** At most one use per `everyMs` across every virtual user: keeps the write load bounded, whatever the mix. */
class Gate {
  private next = 0;
  constructor(private readonly everyMs: number) {}
  take(): boolean {
    const now = Date.now();
    if (now < this.next) return false;
    this.next = now + this.everyMs;
    return true;
  }
}

const words = ['portrait', 'studio', 'beach', 'night', 'street', 'garden', 'winter', 'editorial'];
const pick = <T>(values: readonly T[]): T | undefined =>
  values.length === 0 ? undefined : values[randomInt(values.length)];

/** A small JPEG no other call ever made: random noise over a random colour, landscape, portrait or square. */
export function distinctJpeg(): Promise<Buffer> {
  const [width, height] = pick([
    [640, 480],
    [480, 640],
    [560, 560],
  ] as const) ?? [640, 480];
  return uniqueJpeg(width, height);
}

function cropOrRotate(): EditOperation[] {
  const rotate: EditOperation = { type: 'rotate', angle: pick([90, 180, 270, -8, 5, 12]) ?? 90 };
  const crop: EditOperation = {
    type: 'crop',
    aspect: pick(['1:1', '4:5', '3:2', '2:3', '16:9'] as const) ?? '1:1',
    scale: 0.8 + randomInt(20) / 100,
  };
  return pick([[rotate], [crop], [rotate, crop]]) ?? [crop];
}

/**
 * What the virtual users share: the media they know, the public image URLs the gallery gave them, the ETags they
 * hold, and the gates that bound uploads, edits and decisions.
 */
export class SoakTraffic {
  /** Ids of every upload answered 2xx (the seed's included), for the final check. */
  readonly uploaded: number[] = [];
  private readonly publicUrls: string[] = [];
  private readonly etags = new Map<string, string>();
  /** A few error messages per route, to say what went wrong. */
  readonly errors = new Map<string, string[]>();
  private readonly gates = {
    upload: new Gate(1200),
    decide: new Gate(1500),
    apply: new Gate(4000),
    revert: new Gate(8000),
    preview: new Gate(6000),
    events: new Gate(4000),
  };
  private uploads = 0;

  constructor(
    private readonly target: SoakTarget,
    private readonly stats: RouteStats,
  ) {}

  private note(route: RouteId, status: number, started: number, error?: unknown) {
    const name = soakRoutes[route].name;
    this.stats.record(name, status, performance.now() - started);
    if (error !== undefined && (status === NO_ANSWER || status >= 500)) {
      const list = this.errors.get(name) ?? [];
      if (list.length < 5) list.push(error instanceof Error ? error.message : String(error));
      this.errors.set(name, list);
    }
  }

  /** A tRPC call, timed; undefined when it failed (its status is recorded either way). */
  private async trpc<T>(route: RouteId, call: () => Promise<T>): Promise<T | undefined> {
    const started = performance.now();
    try {
      const value = await call();
      this.note(route, 200, started);
      return value;
    } catch (error) {
      const status = error instanceof TRPCClientError ? (error.data?.httpStatus ?? NO_ANSWER) : NO_ANSWER;
      this.note(route, status, started, error);
      return undefined;
    }
  }

  /** A plain request, timed until its body has arrived. */
  private async http(route: RouteId, url: string, init: RequestInit = {}) {
    const started = performance.now();
    try {
      const response = await fetch(url, init);
      const body = Buffer.from(await response.arrayBuffer());
      this.note(route, response.status, started, response.status >= 500 ? body.toString() : undefined);
      return { status: response.status, headers: response.headers, body };
    } catch (error) {
      this.note(route, NO_ANSWER, started, error);
      return undefined;
    }
  }

  /** One virtual user: signs in, then runs the weighted mix until `until`, one request at a time. */
  async user(cookie: string, until: number): Promise<void> {
    const client = trpcClient(this.target.url, { cookie });
    const user = new VirtualUser(this, client, cookie);
    while (Date.now() < until) {
      await user.next();
      await new Promise((resolve) => setTimeout(resolve, 20 + randomInt(60)));
    }
  }

  // --- the actions (VirtualUser chooses among them) ------------------------------------------------------------

  /** One new photo (`ungated`: for the seed, before the traffic starts). */
  async upload(cookie: string, options: { ungated?: boolean } = {}): Promise<boolean> {
    if (!options.ungated && !this.gates.upload.take()) return false;
    this.uploads += 1;
    const category = pick([...this.target.categories, undefined]);
    const fields: Record<string, string> = { altText: `${pick(words)} ${pick(words)} soak ${this.uploads}` };
    if (category) fields.category = category.name;
    const data = await distinctJpeg();
    const started = performance.now();
    try {
      const result = await upload(
        this.target.url,
        this.target.slug,
        [{ name: `soak-${this.uploads}.jpg`, data, type: 'image/jpeg' }],
        { headers: { cookie }, fields },
      );
      this.note(
        'upload',
        result.status,
        started,
        result.status >= 500 ? JSON.stringify(result.body) : undefined,
      );
      const file = result.body.files?.[0];
      if (file && file.status !== 'rejected' && result.status < 300) this.uploaded.push(file.id);
    } catch (error) {
      this.note('upload', NO_ANSWER, started, error);
    }
    return true;
  }

  async list(client: Client) {
    const filter = pick([
      {},
      { moderation: ['approved' as const] },
      { moderation: ['pending' as const, 'flagged' as const] },
      { orientation: pick(['landscape', 'portrait', 'square'] as const) },
      { q: pick(words) },
      { category: pick(this.target.categories)?.id },
      { category: 'none' as const },
      { processing: ['ready' as const], minWidth: 400 },
    ]);
    const sort = pick(['uploadDate', 'filename', 'bytes', 'width'] as const) ?? 'uploadDate';
    const direction = pick(['asc', 'desc'] as const) ?? 'desc';
    const input = { modelSlug: this.target.slug, ...filter, sort, direction, limit: pick([30, 60]) ?? 60 };
    const page = await this.trpc('list', () => client.media.list.query(input));
    if (page?.nextCursor && randomInt(2) === 0) {
      await this.trpc('list', () =>
        client.media.list.query({ ...input, cursor: page.nextCursor ?? undefined }),
      );
    }
    return page?.items ?? [];
  }

  async facets(client: Client) {
    await this.trpc('facets', () =>
      client.media.facets.query({
        modelSlug: this.target.slug,
        ...pick([{}, { q: pick(words) }, { orientation: 'landscape' as const }]),
      }),
    );
  }

  async detail(client: Client, cookie: string) {
    const id = pick(this.uploaded);
    if (id === undefined) return;
    const item = await this.trpc('byId', () => client.media.byId.query({ modelSlug: this.target.slug, id }));
    const variant = pick(item?.variants ?? []);
    if (variant) await this.http('file', new URL(variant.url, this.target.url).href, { headers: { cookie } });
    if (randomInt(2) === 0) {
      await this.http('item', `${this.target.url}/api/model-media-library/${this.target.slug}/${id}`, {
        headers: { cookie },
      });
    }
  }

  async decide(client: Client): Promise<boolean> {
    if (!this.gates.decide.take()) return false;
    const queue = await this.trpc('queue', () =>
      client.moderation.queue.query({ modelSlug: this.target.slug, limit: 20 }),
    );
    const item = pick(queue?.items ?? []);
    if (!item) return true;
    const roll = randomInt(100);
    const decision = roll < 80 ? 'approve' : roll < 95 ? 'reject' : 'flag';
    await this.trpc('decide', () =>
      client.moderation.decide.mutate({ modelSlug: this.target.slug, ids: [item.id], decision }),
    );
    return true;
  }

  /** The newest saved version of an item (edits are based on it). */
  private async newest(client: Client, mediaId: number) {
    const history = await this.trpc('history', () =>
      client.edits.history.query({ modelSlug: this.target.slug, mediaId }),
    );
    if (!history) return undefined;
    return { history, newest: Math.max(...history.versions.map((version) => version.version)) };
  }

  async apply(client: Client): Promise<boolean> {
    if (!this.gates.apply.take()) return false;
    const item = pick(await this.list(client));
    if (item?.processingStatus !== 'ready') return true;
    const found = await this.newest(client, item.id);
    if (!found) return true;
    await this.trpc('apply', () =>
      client.edits.apply.mutate({
        modelSlug: this.target.slug,
        mediaId: item.id,
        baseVersion: found.newest,
        operations: cropOrRotate(),
      }),
    );
    return true;
  }

  /** The version switch: a new version equal to an older one. */
  async revert(client: Client): Promise<boolean> {
    if (!this.gates.revert.take()) return false;
    const edited = (await this.list(client)).filter((item) => item.currentVersion > 0);
    const item = pick(edited);
    if (!item) return true;
    const found = await this.newest(client, item.id);
    const target = pick(
      found?.history.versions.filter((version) => !version.current && version.status === 'ready') ?? [],
    );
    if (!found || !target) return true;
    await this.trpc('revert', () =>
      client.edits.revert.mutate({
        modelSlug: this.target.slug,
        mediaId: item.id,
        baseVersion: found.newest,
        toVersion: target.version,
      }),
    );
    return true;
  }

  async preview(client: Client): Promise<boolean> {
    if (!this.gates.preview.take()) return false;
    const id = pick(this.uploaded);
    if (id === undefined) return true;
    await this.trpc('preview', () =>
      client.edits.preview.mutate({
        modelSlug: this.target.slug,
        mediaId: id,
        operations: cropOrRotate(),
        maxSize: 600,
      }),
    );
    return true;
  }

  /** A gallery page (a category's or all), sometimes revalidated with its ETag; remembers its image URLs. */
  async gallery() {
    const category = pick([...this.target.categories, undefined]);
    const url = `${this.target.url}/api/public/${this.target.slug}/gallery${category ? `?category=${category.id}` : ''}`;
    const answer = await this.publicJson('gallery', url);
    if (answer?.status !== 200) return;
    const page = JSON.parse(answer.body.toString()) as {
      items: { srcset: Record<string, string | undefined> }[];
    };
    for (const item of page.items) {
      for (const srcset of Object.values(item.srcset)) {
        for (const entry of srcset?.split(',') ?? []) {
          const href = entry.trim().split(' ')[0];
          if (href) this.rememberImage(new URL(href, this.target.url).pathname);
        }
      }
    }
  }

  async categories() {
    await this.publicJson('categories', `${this.target.url}/api/public/${this.target.slug}/categories`);
  }

  private async publicJson(route: 'gallery' | 'categories', url: string) {
    const etag = this.etags.get(url);
    const headers: Record<string, string> = { 'accept-encoding': pick(['br', 'gzip', 'identity']) ?? 'gzip' };
    if (etag && randomInt(2) === 0) headers['if-none-match'] = etag;
    const answer = await this.http(route, url, { headers });
    const fresh = answer?.headers.get('etag');
    if (fresh) this.etags.set(url, fresh);
    return answer;
  }

  private rememberImage(path: string) {
    if (this.publicUrls.includes(path)) return;
    this.publicUrls.push(path);
    if (this.publicUrls.length > 300) this.publicUrls.shift();
  }

  async image() {
    const path = pick(this.publicUrls);
    if (!path) return this.gallery();
    const accept = pick(['image/avif,image/webp,*/*', 'image/webp,*/*;q=0.8', 'image/jpeg', '*/*']) ?? '*/*';
    await this.http('image', `${this.target.url}${path}`, { headers: { accept } });
  }

  async events(): Promise<boolean> {
    if (!this.gates.events.take()) return false;
    const ids = Array.from({ length: 1 + randomInt(5) }, () => pick(this.uploaded)).filter(
      (id): id is number => id !== undefined,
    );
    await this.http('events', `${this.target.url}/api/public/${this.target.slug}/events`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'user-agent':
          'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/140 Safari',
      },
      body: JSON.stringify({ events: ids.map((mediaId) => ({ type: 'view', mediaId })) }),
    });
    return true;
  }
}

type Client = ReturnType<typeof trpcClient>;

/** The weighted mix; a write whose gate is closed falls back to a read. */
const mix: [keyof VirtualUser['actions'], number][] = [
  ['upload', 8],
  ['list', 16],
  ['facets', 4],
  ['detail', 10],
  ['decide', 8],
  ['apply', 4],
  ['revert', 2],
  ['preview', 2],
  ['gallery', 16],
  ['categories', 6],
  ['image', 20],
  ['events', 4],
];
const mixTotal = mix.reduce((sum, [, weight]) => sum + weight, 0);

class VirtualUser {
  readonly actions;

  constructor(traffic: SoakTraffic, client: Client, cookie: string) {
    this.actions = {
      upload: () => traffic.upload(cookie),
      list: () => traffic.list(client),
      facets: () => traffic.facets(client),
      detail: () => traffic.detail(client, cookie),
      decide: () => traffic.decide(client),
      apply: () => traffic.apply(client),
      revert: () => traffic.revert(client),
      preview: () => traffic.preview(client),
      gallery: () => traffic.gallery(),
      categories: () => traffic.categories(),
      image: () => traffic.image(),
      events: () => traffic.events(),
    } satisfies Record<string, () => Promise<unknown>>;
  }

  async next(): Promise<void> {
    const roll = randomInt(mixTotal);
    let passed = 0;
    const [name] = mix.find(([, weight]) => {
      passed += weight;
      return roll < passed;
    }) ?? ['list'];
    const done = await this.actions[name]();
    if (done === false)
      await (pick([this.actions.list, this.actions.gallery, this.actions.image]) ?? this.actions.list)();
  }
}
