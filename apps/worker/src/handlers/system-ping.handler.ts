import type { JobHandler } from './types';

/** The round-trip job behind the status page's "Ping worker": proves api → Redis → worker → api works. */
export const systemPing: JobHandler<'system.ping'> = async (data, context) => ({
  workerId: context.workerId,
  requestedAt: data.requestedAt,
  handledAt: Date.now(),
});
