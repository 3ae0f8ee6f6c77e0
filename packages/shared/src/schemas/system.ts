import { z } from 'zod';
import { WorkerInfoSchema } from '../events';

export const ServiceStateSchema = z.enum(['healthy', 'warning', 'unhealthy', 'unknown']);
export type ServiceState = z.infer<typeof ServiceStateSchema>;

export const DatabaseHealthSchema = z.object({
  status: ServiceStateSchema,
  latencyMs: z.number().optional(),
  error: z.string().optional(),
});

export const RedisHealthSchema = DatabaseHealthSchema;

export const DiskHealthSchema = z.object({
  status: ServiceStateSchema,
  path: z.string(),
  freeSpacePercent: z.number().optional(),
  freeBytes: z.number().optional(),
  totalBytes: z.number().optional(),
  error: z.string().optional(),
});

export const WorkerHealthSchema = z.object({
  status: ServiceStateSchema,
  workers: z.array(WorkerInfoSchema.extend({ lastSeenAt: z.number().int() })),
  error: z.string().optional(),
});

export const QueueHealthSchema = z.object({
  status: ServiceStateSchema,
  queues: z.array(
    z.object({
      name: z.string(),
      waiting: z.number().int(),
      active: z.number().int(),
      delayed: z.number().int(),
      failed: z.number().int(),
      oldestWaitingMs: z.number().optional(),
    }),
  ),
  error: z.string().optional(),
});

export const HealthReportSchema = z.object({
  status: z.enum(['ok', 'degraded']),
  timestamp: z.string(),
  uptimeSeconds: z.number(),
  version: z.string(),
  services: z.object({
    database: DatabaseHealthSchema,
    redis: RedisHealthSchema,
    disk: DiskHealthSchema,
    worker: WorkerHealthSchema,
    queues: QueueHealthSchema,
  }),
});
export type HealthReport = z.infer<typeof HealthReportSchema>;
export type ServiceName = keyof HealthReport['services'];

/** Parts whose failure makes the whole service degraded (503); disk and queue lag only warn. */
export const criticalServices = ['database', 'redis', 'worker'] as const satisfies readonly ServiceName[];

export const PingResultSchema = z.object({
  jobId: z.string(),
  workerId: z.string(),
  roundTripMs: z.number(),
});
export type PingResult = z.infer<typeof PingResultSchema>;
