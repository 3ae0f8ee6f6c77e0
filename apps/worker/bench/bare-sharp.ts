/**
 * The bare-sharp baseline of the pipeline benchmark: the same variant set (thumb 256² attention crop, widths
 * 400/800/1200/1920 never enlarged, WebP q80/85 effort 4 and progressive JPEG q80/85), decoded once at 1920 px
 * upright in sRGB, with the same concurrency, written to a folder. No queue, database, EXIF or hashes.
 * Two plans: `per-file` resizes every output from the decode (NOTES' decode-once recipe, the baseline issue 15's
 * targets were set against); `per-size` resizes once per size (each from the decode) and encodes both formats
 * from those pixels, as the worker did from the tenth session (since the twelfth it resizes each size from the
 * smallest plain pixels that cover it).
 * Usage: tsx bare-sharp.ts <plan> <concurrency> <out-dir> <warm-up count> <file>...   The first <warm-up count> files
 * are processed once untimed (as the pipeline's worker is warmed up), then every file is timed. Prints one JSON
 * line: per-image milliseconds and the wall time and CPU seconds of the timed batch, by thread, and the whole
 * machine's busy CPU seconds meanwhile.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Sharp } from 'sharp';
import sharp from 'sharp';
import { cpuSecondsByThread, machineCpuSeconds, threadCpuBetween } from '../../api/bench/lib';

sharp.cache(false);

const [plan, concurrencyArg, outDir, warmUpArg, ...files] = process.argv.slice(2);
if (plan !== 'per-file' && plan !== 'per-size') throw new Error(`unknown plan ${plan}`);
const concurrency = Number(concurrencyArg);
const presets = [
  { name: 'thumb', width: 256, height: 256, quality: 80 },
  { name: 'sm', width: 400, quality: 85 },
  { name: 'md', width: 800, quality: 85 },
  { name: 'lg', width: 1200, quality: 85 },
  { name: 'xl', width: 1920, quality: 85 },
];

async function processOne(file: string, folder: string): Promise<number> {
  const started = performance.now();
  const { data, info } = await sharp(file, { failOn: 'error' })
    .rotate()
    .resize({ width: 1920, withoutEnlargement: true })
    .toColourspace('srgb')
    .raw()
    .toBuffer({ resolveWithObject: true });
  const raw = { raw: { width: info.width, height: info.height, channels: info.channels } };
  const dir = path.join(outDir ?? '.', folder);
  await mkdir(dir, { recursive: true });
  for (const preset of presets) {
    const resize = (pipeline: Sharp) =>
      preset.height
        ? pipeline.resize(preset.width, preset.height, { fit: 'cover', position: sharp.strategy.attention })
        : pipeline.resize({ width: preset.width, withoutEnlargement: true });
    let source = () => resize(sharp(data, raw));
    if (plan === 'per-size' && (preset.height || preset.width < info.width)) {
      const sized = await resize(sharp(data, raw)).raw().toBuffer({ resolveWithObject: true });
      const sizedRaw = {
        raw: { width: sized.info.width, height: sized.info.height, channels: sized.info.channels },
      };
      source = () => sharp(sized.data, sizedRaw);
    } else if (plan === 'per-size') {
      source = () => sharp(data, raw);
    }
    await writeFile(
      path.join(dir, `${preset.name}.webp`),
      await source().webp({ quality: preset.quality, effort: 4 }).toBuffer(),
    );
    await writeFile(
      path.join(dir, `${preset.name}.jpg`),
      await source()
        .jpeg({ quality: preset.quality, progressive: true, chromaSubsampling: '4:2:0' })
        .toBuffer(),
    );
  }
  return performance.now() - started;
}

/** Every file through `processOne`, `concurrency` at a time; the durations in order of completion. */
async function processAll(batch: string[], folderOf: (index: number) => string): Promise<number[]> {
  const durations: number[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < batch.length) {
        const index = next++;
        durations.push(await processOne(batch[index] ?? '', folderOf(index)));
      }
    }),
  );
  return durations;
}

await processAll(files.slice(0, Number(warmUpArg)), (index) => `warm-up-${index}`);
const started = performance.now();
const cpuAtStart = process.cpuUsage();
const machineAtStart = await machineCpuSeconds();
const threadsAtStart = await cpuSecondsByThread(process.pid);
const durations = await processAll(files, String);
const cpu = process.cpuUsage(cpuAtStart);
const cpuSeconds = (cpu.user + cpu.system) / 1e6;
const machineSeconds = (await machineCpuSeconds()) - machineAtStart;
console.log(
  JSON.stringify({
    durations,
    seconds: (performance.now() - started) / 1000,
    cpuSeconds,
    machineSeconds,
    threads: threadCpuBetween(threadsAtStart, await cpuSecondsByThread(process.pid), cpuSeconds),
  }),
);
