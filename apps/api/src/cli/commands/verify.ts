import type { CliCommand } from '../context';
import { CliFailure, parseOptions } from '../context';
import { stderrProgress } from '../progress';

export const verify: CliCommand = {
  usage: '(every media row has its original in storage with its sha256; exits 1 on any failure)',
  async run(args, context) {
    parseOptions(args, {}, []);
    const { checked, failures } = await context.services.backup.verify(stderrProgress());
    const summary = `Checked ${checked} originals: ${checked - failures.length} intact, ${failures.length} failed`;
    if (failures.length > 0) {
      throw new CliFailure([
        summary,
        'Failures:',
        ...failures.map((failure) => `  media ${failure.mediaId} ${failure.key}: ${failure.problem}`),
        `${failures.length} failed`,
      ]);
    }
    return [summary, '0 failed'];
  },
};
