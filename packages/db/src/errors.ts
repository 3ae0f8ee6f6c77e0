/** A unique key refused the row (mysql2 puts the code on the error or, through drizzle, on its cause). */
export function isDuplicateKeyError(error: unknown): boolean {
  const codes = [(error as { code?: string })?.code, (error as { cause?: { code?: string } })?.cause?.code];
  return codes.includes('ER_DUP_ENTRY');
}

/** InnoDB rolled the transaction back as a deadlock's victim (errno 1213), on the error or on what drizzle wrapped. */
export function isDeadlockError(error: unknown, depth = 0): boolean {
  if (!error || typeof error !== 'object' || depth > 3) return false;
  const { errno, cause } = error as { errno?: unknown; cause?: unknown };
  return errno === 1213 || isDeadlockError(cause, depth + 1);
}
