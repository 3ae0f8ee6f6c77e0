/** Error codes of a full disk or an unreachable database or storage: the work can succeed later as it is. */
const waitableCodes = new Set([
  'ENOSPC',
  'EDQUOT',
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'EPIPE',
  'PROTOCOL_CONNECTION_LOST',
]);

/**
 * Whether a job failed because the infrastructure is away (storage full, database or S3 unreachable), not
 * because of the item. Such an item is not marked failed when its retries run out: it stays `processing` and the
 * worker's processing recovery queues it again later (processing-recovery.ts), so it ends ready once space or
 * the service is back. Drizzle and the AWS SDK wrap the original error in `cause`.
 */
export function isInfrastructureFault(error: unknown, depth = 0): boolean {
  if (!error || typeof error !== 'object' || depth > 4) return false;
  const { code, cause } = error as { code?: unknown; cause?: unknown };
  return (typeof code === 'string' && waitableCodes.has(code)) || isInfrastructureFault(cause, depth + 1);
}
