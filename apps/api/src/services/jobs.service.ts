import type { Repositories } from '@phoenix4ge/db';
import type {
  JobCleanInput,
  JobDetail,
  JobListInput,
  JobSummary,
  JobsSnapshot,
  QueueName,
} from '@phoenix4ge/shared';
import type { JobBoard, Moved } from '@phoenix4ge/shared/node';
import { TRPCError } from '@trpc/server';

export interface JobsServiceDeps {
  board: JobBoard;
  repositories: Pick<Repositories, 'media' | 'models'>;
}

const notFound = (queue: QueueName, jobId: string) =>
  new TRPCError({ code: 'NOT_FOUND', message: `No job "${jobId}" in the ${queue} queue` });

/** The job dashboard (admins): BullMQ through the job board, jobs linked to the media they name. */
export function createJobsService(deps: JobsServiceDeps) {
  const { board } = deps;

  /** Fills in each job's model slug (for the link to its media), one lookup per media and model. */
  async function withModels<T extends JobSummary>(jobs: T[]): Promise<T[]> {
    const mediaIds = [...new Set(jobs.flatMap((job) => (job.mediaId ? [job.mediaId] : [])))];
    if (mediaIds.length === 0) return jobs;
    const items = await deps.repositories.media.byIds(mediaIds);
    const slugs = new Map<number, string>();
    for (const modelId of new Set(items.map((item) => item.modelId))) {
      const model = await deps.repositories.models.byId(modelId);
      if (model) slugs.set(modelId, model.slug);
    }
    const slugOfMedia = new Map(items.map((item) => [item.id, slugs.get(item.modelId) ?? null]));
    return jobs.map((job) => ({
      ...job,
      modelSlug: job.mediaId ? (slugOfMedia.get(job.mediaId) ?? null) : null,
    }));
  }

  async function requireJob(queue: QueueName, jobId: string): Promise<JobDetail> {
    const job = await board.get(queue, jobId);
    if (!job) throw notFound(queue, jobId);
    return job;
  }

  function requireState(queue: QueueName, jobId: string, moved: Moved | undefined, wanted: string): void {
    if (moved === undefined) throw notFound(queue, jobId);
    if (moved !== 'moved') {
      throw new TRPCError({
        code: 'CONFLICT',
        message: `Job "${jobId}" is ${moved}; only ${wanted} jobs can be moved to waiting`,
      });
    }
  }

  return {
    async snapshot(): Promise<JobsSnapshot> {
      return { at: Date.now(), queues: await board.queues() };
    },

    async list(input: JobListInput) {
      const page = await board.list(input);
      return { ...page, items: await withModels(page.items) };
    },

    async get(queue: QueueName, jobId: string): Promise<JobDetail> {
      const [job] = await withModels([await requireJob(queue, jobId)]);
      return job as JobDetail;
    },

    async retry(queue: QueueName, jobId: string): Promise<void> {
      requireState(queue, jobId, await board.retry(queue, jobId), 'failed');
    },

    retryAll: (queue: QueueName) => board.retryAll(queue),

    clean: (input: JobCleanInput) => board.clean(input),

    async promote(queue: QueueName, jobId: string): Promise<void> {
      requireState(queue, jobId, await board.promote(queue, jobId), 'delayed');
    },

    promoteAll: (queue: QueueName) => board.promoteAll(queue),

    setPaused: (queue: QueueName, paused: boolean) => board.setPaused(queue, paused),

    async forMedia(mediaId: number): Promise<JobSummary[]> {
      return withModels(await board.forMedia(mediaId));
    },
  };
}

export type JobsService = ReturnType<typeof createJobsService>;
