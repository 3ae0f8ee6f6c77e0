import { createReadStream } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import type { UploadOutcome } from '@phoenix4ge/shared';
import { ModelSlugSchema } from '@phoenix4ge/shared';
import { TRPCError } from '@trpc/server';
import { SingleBar } from 'cli-progress';
import { invocationDirectory } from '../../env';
import type { CliCommand } from '../context';
import { CliUsageError, parseOptions } from '../context';

/** Every regular file below `dir` (hidden files and folders skipped), in a stable order. */
async function filesBelow(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => path.join(entry.parentPath, entry.name))
    .filter(
      (file) =>
        !path
          .relative(dir, file)
          .split(path.sep)
          .some((part) => part.startsWith('.')),
    )
    .sort();
}

const formatMb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

export const mediaImport: CliCommand = {
  usage: '--model S DIR   (uploads every file below DIR; duplicates are skipped)',
  async run(args, context) {
    const options = parseOptions(args, { model: { type: 'string' } }, ['model'], { min: 1, max: 1 });
    const slug = ModelSlugSchema.parse(options.model);
    const dir = path.resolve(invocationDirectory(), options._[0] ?? '.');
    if (!(await stat(dir).catch(() => undefined))?.isDirectory())
      throw new CliUsageError(`${dir} is not a folder`);
    const model = await context.services.models.bySlug(slug);
    if (!model) throw new TRPCError({ code: 'NOT_FOUND', message: `No model called "${slug}"` });

    const files = await filesBelow(dir);
    const sizes = await Promise.all(files.map(async (file) => (await stat(file)).size));
    const totalBytes = sizes.reduce((sum, size) => sum + size, 0);
    const uploads = context.services.upload;
    const bar = new SingleBar({
      format: ' {bar} {percentage}% | {value}/{total} files | {mb} | {file}',
      stream: process.stderr,
      hideCursor: true,
      noTTYOutput: true,
      notTTYSchedule: 2000,
    });
    bar.start(files.length, 0, { mb: `0.0 / ${formatMb(totalBytes)}`, file: '' });

    const outcomes: { file: string; outcome: UploadOutcome }[] = [];
    let doneBytes = 0;
    for (const [index, file] of files.entries()) {
      const relative = path.relative(dir, file);
      bar.update(index, { file: relative });
      const outcome = await uploads.receive(
        model,
        { kind: 'anonymous' },
        { filename: path.basename(file), stream: createReadStream(file) },
        {},
      );
      outcomes.push({ file: relative, outcome });
      doneBytes += sizes[index] ?? 0;
      bar.update(index + 1, { mb: `${formatMb(doneBytes)} / ${formatMb(totalBytes)}`, file: relative });
    }
    bar.stop();

    const count = (status: UploadOutcome['status']) =>
      outcomes.filter(({ outcome }) => outcome.status === status).length;
    await context.audit({
      action: 'media:import',
      modelId: model.id,
      targetType: 'model',
      targetId: model.id,
      details: { dir, created: count('created'), duplicate: count('duplicate'), rejected: count('rejected') },
    });
    const rejected = outcomes.flatMap(({ file, outcome }) =>
      outcome.status === 'rejected' ? [`  ${file}: ${outcome.error.message} (${outcome.error.code})`] : [],
    );
    return [
      `Imported ${files.length} file(s) from ${dir} into ${slug}:`,
      `  created ${count('created')}, duplicate ${count('duplicate')}, rejected ${count('rejected')}`,
      ...(rejected.length > 0 ? ['Rejected:', ...rejected] : []),
      `${count('created')} created`,
    ];
  },
};
