import type { AddressInfo } from 'node:net';
import type { Behaviour } from './behaviour';
import { createSimulatorServer, SUBMISSION_PATH } from './server';
import type { DeliveryRecord, SimulatorCoreOptions, SubmissionRecord } from './simulator';
import { createSimulatorCore } from './simulator';

export type { Behaviour, SimulatorMode } from './behaviour';
export {
  BehaviourSchema,
  BehaviourUpdateSchema,
  defaultBehaviour,
  MODEL_NAME,
  oppositeVerdict,
  scoresFor,
  simulatorModes,
} from './behaviour';
export type { DeliveryStatus } from './delivery';
export { DEFAULT_RETRY_DELAYS_MS, generateWebhookSecret } from './delivery';
export { MAX_SUBMISSION_BYTES, SUBMISSION_PATH } from './server';
export type { DeliveryRecord, SubmissionRecord } from './simulator';

export interface ModerationSimulatorOptions extends SimulatorCoreOptions {
  /** 0 (default): a free port. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** Without one, submissions need no Authorization header. */
  apiKey?: string;
}

export interface ModerationSimulator {
  /** Base URL, e.g. http://127.0.0.1:PORT */
  url: string;
  /** `url + '/v1/moderations'`: what MODERATION_API_ENDPOINT points at. */
  endpoint: string;
  /** Merges into the global behaviour, or (with `scope`) into the rule for one media. Throws on invalid values. */
  setBehaviour(b: Partial<Behaviour>, scope?: { mediaId: number }): void;
  /** Live records (cleared in place by `reset`). */
  submissions: ReadonlyArray<SubmissionRecord>;
  /** One entry per delivery attempt, retries included. */
  deliveries: ReadonlyArray<DeliveryRecord>;
  /** Resolves when `count` deliveries have been attempted (for tests) or rejects after timeoutMs (default 5 s). */
  waitForDeliveries(count: number, timeoutMs?: number): Promise<void>;
  /** Resolves once no callback is scheduled or being delivered, retries included (so none will arrive). */
  waitForIdle(): Promise<void>;
  /** Clears the records and cancels pending callbacks; `{ overrides: true }` drops the per-media rules too. */
  reset(options?: { overrides?: boolean }): void;
  /** Closes the server and cancels pending callbacks. */
  stop(): Promise<void>;
}

/** Starts the simulated moderation provider on a real port. */
export async function startModerationSimulator(
  options: ModerationSimulatorOptions,
): Promise<ModerationSimulator> {
  const core = createSimulatorCore(options);
  const server = createSimulatorServer({ core, apiKey: options.apiKey });
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  let stopping: Promise<void> | undefined;

  return {
    url,
    endpoint: url + SUBMISSION_PATH,
    setBehaviour: core.setBehaviour,
    submissions: core.submissions,
    deliveries: core.deliveries,
    waitForDeliveries: core.waitForDeliveries,
    waitForIdle: core.waitForIdle,
    reset: core.reset,
    stop() {
      stopping ??= new Promise<void>((resolve, reject) => {
        core.stop();
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      });
      return stopping;
    },
  };
}
