import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * The request a piece of work was started by, carried through async calls: the api runs every request's handler
 * inside `runWithRequestId` (its Fastify request id), the worker runs every job inside it (the id the job carries),
 * and queueing reads `currentRequestId` so every job a request causes (directly or through the outbox) names it.
 */
const storage = new AsyncLocalStorage<{ requestId: string }>();

export function runWithRequestId<T>(requestId: string | undefined, work: () => T): T {
  return requestId ? storage.run({ requestId }, work) : work();
}

export function currentRequestId(): string | undefined {
  return storage.getStore()?.requestId;
}
