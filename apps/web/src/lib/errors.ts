import { TRPCClientError } from '@trpc/client';

/**
 * A sentence for the user. tRPC errors from the api carry a code and a human message; an error without
 * `data` never reached the api (network down, proxy error), so it is reported as the api being unreachable.
 */
export function describeError(error: unknown): string {
  if (error instanceof TRPCClientError) {
    if (error.data) return error.message;
    return `The api is unreachable (${error.message}).`;
  }
  if (error instanceof Error) return error.message;
  return String(error);
}

/** True when the error came from a call that never got an answer from the api. */
export function isUnreachable(error: unknown): boolean {
  return error instanceof TRPCClientError && !error.data;
}
