import { until } from '../../test/support/harness';
import type { FaultAudit } from './fault-audit';
import { auditAfterFault } from './fault-audit';
import type { FaultStack } from './fault-stack';
import { startFaultStack } from './fault-stack';
import { reliabilityProfile } from './profile';
import type { TrialLibrary } from './trial-library';
import { trialConfig, trialLibrary } from './trial-library';
import type { SentUpload, UploadLoad } from './upload-load';
import { gotTwoHundred, startUploadLoad } from './upload-load';

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Answers that are neither a success nor the plain "try again" (503) an outage may give: a bare 5xx. */
export const bareServerErrors = (uploads: SentUpload[]) =>
  uploads.filter((upload) => upload.status !== undefined && upload.status >= 500 && upload.status !== 503);

/** The api's log lines for requests it answered with a bare 5xx (pino's `request failed`), full `err` included. */
export function failedRequestLines(log: string): string[] {
  return log.split('\n').filter((line) => line.includes('"msg":"request failed"'));
}

/**
 * One repetition of a fault trial: the built stack (supervised api and worker) on `env` under 2 clients'
 * upload load, `fault` done once `acceptedBefore` uploads were accepted, the load kept up for the profile's
 * time around a fault, then the audit of every accepted upload. Uploads the fault made itself (`ownUploads`)
 * count like the load's. The stack is stopped whatever happens. `afterFault` is what the load sent from the
 * fault on; `loadSent` all the load sent, in order.
 */
export async function faultRepetition(options: {
  env: Record<string, string>;
  label: string;
  fault: (context: {
    stack: FaultStack;
    load: UploadLoad;
    library: TrialLibrary;
    /** Where the fault records uploads it made itself. */
    ownUploads: SentUpload[];
  }) => Promise<void>;
  acceptedBefore?: number;
  pauseMs?: number;
}): Promise<{
  sent: SentUpload[];
  loadSent: SentUpload[];
  afterFault: SentUpload[];
  audit: FaultAudit;
  /** The api's own words for each request it failed (its `level >= 50` log lines), for the failure message. */
  apiErrors: string[];
}> {
  const { env } = options;
  const library = await trialLibrary(env);
  const stack = await startFaultStack(env);
  try {
    await stack.waitHealthy();
    const load = startUploadLoad({
      ...library,
      url: stack.url,
      concurrency: 2,
      pauseMs: options.pauseMs ?? 500,
      label: options.label,
    });
    await until(
      async () => load.accepted().length,
      (count) => count >= (options.acceptedBefore ?? 10),
      60_000,
    );
    const before = load.sent().length;
    const ownUploads: SentUpload[] = [];
    await options.fault({ stack, load, library, ownUploads });
    await sleep(reliabilityProfile().loadAroundFaultMs);
    const loadSent = await load.stop();
    const sent = [...ownUploads, ...loadSent];
    const audit = await auditAfterFault({
      config: trialConfig(env),
      modelId: library.modelId,
      acceptedIds: sent.flatMap((upload) => (upload.id && gotTwoHundred(upload) ? [upload.id] : [])),
      health: stack.health,
      timeoutMs: 240_000,
    });
    return {
      sent,
      loadSent,
      afterFault: loadSent.slice(before),
      audit,
      apiErrors: failedRequestLines(stack.api.output().stdout),
    };
  } finally {
    await stack.stop();
  }
}
