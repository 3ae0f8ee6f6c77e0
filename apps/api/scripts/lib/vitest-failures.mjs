import path from 'node:path';

const firstLine = (message) =>
  String(message ?? '')
    .trim()
    .split('\n')[0]
    .slice(0, 300);

/** Where in the test file the error was thrown (` (at file.ts:line)`), from its stack, when it names the file. */
const thrownAt = (message, file) => {
  const frame = String(message ?? '')
    .split('\n')
    .find((line) => line.includes(file));
  const at = frame?.match(/([^/\s(]+\.[cm]?[jt]sx?:\d+)(?::\d+)?\)?\s*$/);
  return at ? ` (at ${at[1]})` : '';
};

/**
 * One line per failed test (or failed file without a failed test) of vitest's JSON report:
 * `file > test: first line of the error (at file.ts:line)`, paths relative to `root`.
 */
export function vitestFailures(report, root) {
  return report.testResults.flatMap((file) => {
    const where = path.relative(root, file.name);
    const failed = file.assertionResults.filter((test) => test.status === 'failed');
    if (failed.length === 0) return file.status === 'failed' ? [`${where}: ${firstLine(file.message)}`] : [];
    return failed.map((test) => {
      const message = test.failureMessages?.[0];
      return `${where} > ${test.fullName}: ${firstLine(message)}${thrownAt(message, where)}`;
    });
  });
}
