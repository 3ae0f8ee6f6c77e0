/**
 * The uncached gallery's client, in a process of its own (as wrk is for the throughput runs): the benchmark's own
 * process holds the generated library's work and its pool, and its pauses would be timed as the api's.
 * Usage: tsx cold-client.ts <model id> <warm-up requests> <samples> <url>   Each request follows a move of the
 * model's publication version that the api has been told of (it keeps versions in memory until it hears one
 * move). Prints one JSON line: the measured latencies in ms.
 */
import {
  bumpPublicationVersion,
  commonEnvShape,
  createRedis,
  parseEnv,
  publicationChannel,
  resolveRedis,
  waitForRedis,
} from '@phoenix4ge/shared/node';
import { z } from 'zod';
import { coldLatencies } from '../library/measure';

const [modelArg, warmupArg, samplesArg, url] = process.argv.slice(2);
if (!url) throw new Error('usage: cold-client.ts <model id> <warm-up> <samples> <url>');
const modelId = Number(modelArg);
const redisConfig = resolveRedis(parseEnv(z.object(commonEnvShape), process.env));
const redis = createRedis(redisConfig, 'command', 'p4g-bench-cold-client');
const listener = createRedis(redisConfig, 'blocking', 'p4g-bench-cold-listener');
try {
  await waitForRedis(redis, 5000);
  // Subscribed only once connected: a SUBSCRIBE queued while the listener was still connecting was seen lost
  // (its promise resolved, the server never subscribed it, and the first bump waited forever).
  await waitForRedis(listener, 5000);
  await listener.subscribe(publicationChannel(redisConfig));
  const bump = async () => {
    const heard = new Promise((resolve) => listener.once('message', resolve));
    await bumpPublicationVersion(redis, redisConfig, modelId);
    await heard;
  };
  await coldLatencies(url, '', bump, Number(warmupArg));
  const latencies = await coldLatencies(url, '', bump, Number(samplesArg));
  process.stdout.write(`${JSON.stringify(latencies)}\n`);
} finally {
  listener.disconnect();
  redis.disconnect();
}
