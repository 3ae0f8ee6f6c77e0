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

/** What a failed job's record keeps: the decoder's detail when there is one, else the message. */
export function recordedFailure(error: unknown): string {
  if (error instanceof ImageFaultError) return `${error.message} (${error.detail})`;
  return error instanceof Error ? (error.message.split('\n')[0] ?? error.message) : String(error);
}
