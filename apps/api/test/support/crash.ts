import sharp from 'sharp';

/** A worker whose stalled jobs another worker takes over within seconds (for kill -9 tests), one job at a time. */
export const takeoverWorkerEnv = {
  WORKER_CONCURRENCY: '1',
  WORKER_LOCK_DURATION_MS: '2000',
  WORKER_STALLED_INTERVAL_MS: '1000',
};

/** A 6000×4000 noisy JPEG: slow enough to render that a test can kill the worker in the middle of it. */
export function slowJpeg(): Promise<Buffer> {
  return sharp({
    create: {
      width: 6000,
      height: 4000,
      channels: 3,
      background: '#4a6',
      noise: { type: 'gaussian', mean: 128, sigma: 40 },
    },
  })
    .jpeg({ quality: 90 })
    .toBuffer();
}
