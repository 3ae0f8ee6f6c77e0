/** A unique key refused the row (mysql2 puts the code on the error or, through drizzle, on its cause). */
export function isDuplicateKeyError(error: unknown): boolean {
  const codes = [(error as { code?: string })?.code, (error as { cause?: { code?: string } })?.cause?.code];
  return codes.includes('ER_DUP_ENTRY');
}
