import type { ProviderSubmission } from '@phoenix4ge/shared';
import type { Behaviour, SimulatorMode } from './behaviour';
import { BehaviourSchema, defaultBehaviour, planEvents } from './behaviour';
import type { DeliveryStatus } from './delivery';
import {
  assertWebhookSecret,
  DEFAULT_RETRY_DELAYS_MS,
  deliver,
  generateWebhookSecret,
  randomId,
} from './delivery';

export interface SubmissionRecord {
  /** The simulator's request id (the `{ id }` of a 202; also kept for a 503). */
  id: string;
  reference: string;
  mediaId: number;
  callbackUrl: string;
  /** `Date.now()` when the submission arrived. */
  receivedAt: number;
  /** Decoded image size. */
  bytes: number;
  /** What the submission was answered: 202, or 503 in `fail` mode. */
  status: 202 | 503;
  mode: SimulatorMode;
}

export interface DeliveryRecord {
  webhookId: string;
  requestId: string;
  type: string;
  /** The callback's HTTP status, or `network-error`. */
  status: DeliveryStatus;
  /** `Date.now()` when the attempt finished. */
  at: number;
  /** 1 for the first attempt of this event delivery, 2 for its first retry, … */
  attempt: number;
}

export interface SimulatorCoreOptions {
  secret: string;
  behaviour?: Partial<Behaviour>;
  /** Waits between retries of a 5xx or network error (default 200, 500, 1000 ms). */
  retryDelaysMs?: readonly number[];
  /** One delivery attempt's limit (default 10 s). */
  attemptTimeoutMs?: number;
  onSubmission?(record: SubmissionRecord): void;
  onDelivery?(record: DeliveryRecord): void;
}

export type SubmissionAnswer = { status: 202; id: string } | { status: 503; id: string };

const BehaviourPatchSchema = BehaviourSchema.partial();

interface Waiter {
  count: number;
  resolve(): void;
  reject(error: Error): void;
  timer: NodeJS.Timeout;
}

/**
 * The simulated provider without its HTTP front: behaviour (global and per media), the records, and the delayed,
 * signed, retried callbacks. `reset` and `stop` cancel every pending callback.
 */
export function createSimulatorCore(options: SimulatorCoreOptions) {
  assertWebhookSecret(options.secret);
  let behaviour: Behaviour = BehaviourSchema.parse({ ...defaultBehaviour, ...options.behaviour });
  const overrides = new Map<number, Partial<Behaviour>>();
  const submissions: SubmissionRecord[] = [];
  const deliveries: DeliveryRecord[] = [];
  const waiters = new Set<Waiter>();
  /** One entry per accepted submission until its callbacks are all delivered, given up or cancelled. */
  const pending = new Set<Promise<void>>();
  let lifetime = new AbortController();
  let stopped = false;

  const settleWaiters = () => {
    for (const waiter of waiters) {
      if (deliveries.length >= waiter.count) {
        clearTimeout(waiter.timer);
        waiters.delete(waiter);
        waiter.resolve();
      }
    }
  };

  /** Aborting the lifetime clears every waiting timer and stops every running delivery (see `schedule`). */
  const cancelPending = () => {
    lifetime.abort();
    lifetime = new AbortController();
  };

  const behaviourFor = (mediaId?: number): Behaviour => ({
    ...behaviour,
    ...(mediaId === undefined ? {} : overrides.get(mediaId)),
  });

  async function callBack(plan: Behaviour, submission: SubmissionRecord, signal: AbortSignal) {
    const request = {
      requestId: submission.id,
      reference: submission.reference,
      mediaId: submission.mediaId,
    };
    const events = planEvents(plan, request, new Date(), () => randomId('msg'));
    for (const planned of events) {
      if (signal.aborted) return;
      await deliver({
        url: submission.callbackUrl,
        secret: planned.wrongSecret ? generateWebhookSecret() : options.secret,
        webhookId: planned.webhookId,
        body: planned.body,
        retryDelaysMs: options.retryDelaysMs ?? DEFAULT_RETRY_DELAYS_MS,
        attemptTimeoutMs: options.attemptTimeoutMs ?? 10_000,
        signal,
        onAttempt(status, attempt) {
          const record: DeliveryRecord = {
            webhookId: planned.webhookId,
            requestId: submission.id,
            type: planned.event.type,
            status,
            at: Date.now(),
            attempt,
          };
          deliveries.push(record);
          options.onDelivery?.(record);
          settleWaiters();
        },
      });
    }
  }

  /** Runs the submission's callbacks after `delayMs`, unless the lifetime is aborted first. */
  function schedule(plan: Behaviour, submission: SubmissionRecord) {
    const signal = lifetime.signal;
    const done = new Promise<void>((resolve) => {
      const cancel = () => {
        clearTimeout(timer);
        resolve();
      };
      const timer = setTimeout(() => {
        signal.removeEventListener('abort', cancel);
        void callBack(plan, submission, signal).finally(resolve);
      }, plan.delayMs);
      signal.addEventListener('abort', cancel, { once: true });
    });
    pending.add(done);
    void done.then(() => pending.delete(done));
  }

  return {
    submissions: submissions as ReadonlyArray<SubmissionRecord>,
    deliveries: deliveries as ReadonlyArray<DeliveryRecord>,

    /** The behaviour a submission for `mediaId` gets (the global one without it). */
    behaviourFor,

    /** Merges `patch` into the global behaviour, or into the rule for one media. Throws on invalid values. */
    setBehaviour(patch: Partial<Behaviour>, scope?: { mediaId: number }) {
      const valid = BehaviourPatchSchema.parse(patch);
      if (scope) overrides.set(scope.mediaId, { ...overrides.get(scope.mediaId), ...valid });
      else behaviour = { ...behaviour, ...valid };
    },

    /** Answers one schema-valid submission and schedules its callbacks. */
    submit(submission: ProviderSubmission, bytes: number): SubmissionAnswer {
      const plan = behaviourFor(submission.mediaId);
      const record: SubmissionRecord = {
        id: randomId('sim'),
        reference: submission.reference,
        mediaId: submission.mediaId,
        callbackUrl: submission.callbackUrl,
        receivedAt: Date.now(),
        bytes,
        status: plan.mode === 'fail' ? 503 : 202,
        mode: plan.mode,
      };
      submissions.push(record);
      options.onSubmission?.(record);
      if (record.status === 503) return { status: 503, id: record.id };
      if (!stopped) schedule(plan, record);
      return { status: 202, id: record.id };
    },

    /**
     * Resolves once no callback is waiting for its delay or being delivered (retries included): from then on
     * nothing more arrives until the next submission. For tests that check what did *not* happen.
     */
    async waitForIdle(): Promise<void> {
      while (pending.size > 0) await Promise.all(pending);
    },

    /** Resolves once `count` delivery attempts are recorded; rejects after `timeoutMs`. */
    waitForDeliveries(count: number, timeoutMs = 5_000): Promise<void> {
      if (deliveries.length >= count) return Promise.resolve();
      return new Promise<void>((resolve, reject) => {
        const waiter: Waiter = {
          count,
          resolve,
          reject,
          timer: setTimeout(() => {
            waiters.delete(waiter);
            reject(
              new Error(
                `Expected ${count} webhook deliveries within ${timeoutMs} ms; ${deliveries.length} were attempted`,
              ),
            );
          }, timeoutMs),
        };
        waiters.add(waiter);
      });
    },

    /** Clears the records and cancels pending callbacks; with `overrides`, drops the per-media rules too. */
    reset(opts: { overrides?: boolean } = {}) {
      cancelPending();
      submissions.length = 0;
      deliveries.length = 0;
      if (opts.overrides) overrides.clear();
    },

    state() {
      return {
        behaviour,
        overrides: [...overrides].map(([mediaId, rule]) => ({ mediaId, behaviour: rule })),
        submissions,
        deliveries,
      };
    },

    /** Cancels pending callbacks (and rejects waiters); nothing is scheduled afterwards. */
    stop() {
      stopped = true;
      cancelPending();
      for (const waiter of waiters) {
        clearTimeout(waiter.timer);
        waiter.reject(new Error('The moderation simulator stopped'));
      }
      waiters.clear();
    },
  };
}

export type SimulatorCore = ReturnType<typeof createSimulatorCore>;
