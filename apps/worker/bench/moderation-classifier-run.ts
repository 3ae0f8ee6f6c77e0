/**
 * The measuring process of the moderation-classifier benchmark: loads the on-device classifier, then runs
 * `classifierInput` + `classify` per image (as the worker does), alternating rounds with one and with two
 * images in flight. Usage: tsx moderation-classifier-run.ts <images per mode> <file>...
 * Prints one JSON line.
 */
import { classifierInput } from '../src/media/sharp';
import { loadLocalClassifier } from '../src/moderation/local-classifier';

const MAX_PIXELS = 100_000_000;
const ROUNDS = 2;

const [countArg, ...files] = process.argv.slice(2);
const perRound = Math.ceil(Number(countArg) / ROUNDS);
let nextFile = 0;

const rssBeforeLoad = process.memoryUsage().rss;
const loadStarted = performance.now();
const classifier = await loadLocalClassifier();
const loadMs = performance.now() - loadStarted;
const rssAfterLoad = process.memoryUsage().rss;

async function round(inFlight: number, count: number, into: { durations: number[]; seconds: number }) {
  let started = 0;
  const wall = performance.now();
  await Promise.all(
    Array.from({ length: inFlight }, async () => {
      while (started < count) {
        started += 1;
        const file = files[nextFile++ % files.length] ?? '';
        const begun = performance.now();
        await classifier.classify(await classifierInput(file, MAX_PIXELS));
        into.durations.push(performance.now() - begun);
      }
    }),
  );
  into.seconds += (performance.now() - wall) / 1000;
}

// One pass over the files first, so neither mode pays for the first calls.
await round(1, files.length, { durations: [], seconds: 0 });
const sequential = { durations: [] as number[], seconds: 0 };
const twoInFlight = { durations: [] as number[], seconds: 0 };
const cpu = { sequential: 0, twoInFlight: 0 };
for (let index = 0; index < ROUNDS; index += 1) {
  for (const [mode, inFlight, into] of [
    ['sequential', 1, sequential],
    ['twoInFlight', 2, twoInFlight],
  ] as const) {
    const before = process.cpuUsage();
    await round(inFlight, perRound, into);
    const used = process.cpuUsage(before);
    cpu[mode] += (used.user + used.system) / 1000;
  }
}

console.log(
  JSON.stringify({
    modelName: classifier.modelName,
    modelVersion: classifier.modelVersion,
    loadMs,
    rssBeforeLoad,
    rssAfterLoad,
    peakRss: process.resourceUsage().maxRSS * 1024,
    sequential,
    twoInFlight,
    cpuMs: cpu,
  }),
);
