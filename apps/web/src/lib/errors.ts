import type { AppRouter } from '@phoenix4ge/api/router';
import type { TRPCClientError } from '@trpc/client';
import { isTRPCClientError } from '@trpc/client';

export type ApiError = TRPCClientError<AppRouter>;

/** The api's error, typed with the router's error shape (`zodError`, `retryAfterSeconds`). */
export function asApiError(error: unknown): ApiError | undefined {
  return isTRPCClientError<AppRouter>(error) ? error : undefined;
}

/** The tRPC error code (`UNAUTHORIZED`, `FORBIDDEN`, `NOT_FOUND`, …), when the api answered. */
export function errorCode(error: unknown): string | undefined {
  return asApiError(error)?.data?.code;
}

/**
 * A sentence for the user. tRPC errors from the api carry a code and a human message; an error without
 * `data` never reached the api (network down, proxy error), so it is reported as the api being unreachable.
 */
export function describeError(error: unknown): string {
  const apiError = asApiError(error);
  if (apiError) {
    if (!apiError.data) return `The api is unreachable (${apiError.message}).`;
    // A rejected input: the first field message is more useful than zod's JSON dump.
    const fieldErrors = serverFieldErrors(apiError);
    const firstField = Object.values(fieldErrors).find((messages) => messages && messages.length > 0);
    if (apiError.data.code === 'BAD_REQUEST' && firstField?.[0]) return firstField[0];
    return apiError.message;
  }
  if (error instanceof Error) return error.message;
  return String(error);
}

/** True when the error came from a call that never got an answer from the api. */
export function isUnreachable(error: unknown): boolean {
  const apiError = asApiError(error);
  return apiError !== undefined && !apiError.data;
}

/** Field messages from a rejected input (`BAD_REQUEST` with the flattened zod error), keyed by field. */
export function serverFieldErrors(error: unknown): Record<string, string[] | undefined> {
  const apiError = asApiError(error);
  // The api flattens a ZodError of unknown shape, so the field names are not typed.
  return (apiError?.data?.zodError?.fieldErrors ?? {}) as Record<string, string[] | undefined>;
}
