import { SingleBar } from 'cli-progress';
import type { BackupProgress } from '../services/backup';

/**
 * Progress on stderr (stdout keeps the result): a bar per step with a known size (on a terminal it redraws,
 * otherwise it prints a line every few seconds), a start and end line for a step without one.
 */
export function stderrProgress(): BackupProgress {
  let bar: SingleBar | undefined;
  let label = '';
  let lastDetail = '';
  return {
    step(name, total) {
      label = name;
      lastDetail = '';
      if (total > 0) {
        bar = new SingleBar({
          format: ` ${name} {bar} {value}/{total} | {detail}`,
          stream: process.stderr,
          hideCursor: true,
          noTTYOutput: true,
          notTTYSchedule: 2000,
        });
        bar.start(total, 0, { detail: '' });
      } else process.stderr.write(` ${name}…\n`);
    },
    update(done, detail = '') {
      lastDetail = detail;
      bar?.update(done, { detail });
    },
    note(line) {
      process.stderr.write(`${line}\n`);
    },
    end() {
      if (bar) bar.stop();
      else process.stderr.write(` ${label}: done${lastDetail ? ` (${lastDetail})` : ''}\n`);
      bar = undefined;
    },
  };
}
