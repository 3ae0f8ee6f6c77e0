import { describeImageFault, imageFaultDetail } from '@phoenix4ge/shared/node';
import { UnrecoverableError } from 'bullmq';

/**
 * A file the decoder cannot read: retrying cannot help. Its message says what is wrong in words (what the library
 * shows); `detail` keeps the decoder's own message for the job's record and the logs.
 */
export class ImageFaultError extends UnrecoverableError {
  readonly detail: string;
  constructor(cause: unknown) {
    super(describeImageFault(cause));
    this.detail = imageFaultDetail(cause);
  }
}

const firstLine = (text: string) => text.split('\n')[0] ?? text;

/**
 * What a failed job's record keeps: the decoder's detail when there is one, else the message's first line and
 * its cause's (a failed query names the SQL; the database's own reason, a deadlock say, is in the cause).
 */
export function recordedFailure(error: unknown): string {
  if (error instanceof ImageFaultError) return `${error.message} (${error.detail})`;
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause instanceof Error ? ` (${firstLine(error.cause.message)})` : '';
  return `${firstLine(error.message)}${cause}`;
}
