import type { FaultAudit } from './fault-audit';
import { auditPassed, lostInWords, slowestRecovery, survivedInWords } from './fault-audit';
import { recordTrial } from './record';
import type { SentUpload } from './upload-load';
import { gotTwoHundred, outcomeCounts } from './upload-load';

/**
 * Records a fault trial from its audits (one per repetition) and the uploads it sent: at stake are the uploads
 * answered 2xx; it passed when every audit did and `extraLost` (anything the trial checked besides, in words)
 * is empty. Returns the record, whose `passed` the trial then asserts (with the record as the message).
 */
export async function recordFaultTrial(trial: {
  id: string;
  action: string;
  audits: FaultAudit[];
  sent: SentUpload[];
  /** What else was lost, beyond the audit's checks (each in words with its count). */
  extraLost?: string[];
  notes?: string;
  /** The api's log lines for the requests it failed (`failedRequestLines`): their messages go in the notes. */
  apiErrors?: string[];
}) {
  const accepted = trial.sent.filter(gotTwoHundred).length;
  const auditLost = lostInWords(trial.audits);
  const lostParts = [...(auditLost === 'nothing' ? [] : [auditLost]), ...(trial.extraLost ?? [])];
  const record = {
    id: trial.id,
    action: trial.action,
    repetitions: trial.audits.length,
    accepted: `${accepted} uploads answered 2xx of ${trial.sent.length} sent`,
    survived: survivedInWords(trial.audits),
    lost: lostParts.length === 0 ? 'nothing' : lostParts.join('; '),
    passed: trial.audits.length > 0 && trial.audits.every(auditPassed) && lostParts.length === 0,
    notes: [
      trial.notes,
      `answers: ${outcomeCounts(trial.sent)}`,
      `slowest return to health: ${slowestRecovery(trial.audits)}`,
      apiErrorsInWords(trial.apiErrors ?? []),
    ]
      .filter(Boolean)
      .join('. '),
  };
  await recordTrial(record);
  return record;
}

/** `the api failed 2 requests: 2 × Deadlock found ...`: each distinct error message with its count. */
function apiErrorsInWords(lines: string[]): string | undefined {
  if (lines.length === 0) return undefined;
  const counts = new Map<string, number>();
  for (const line of lines) {
    let message = line.slice(0, 200);
    try {
      const entry = JSON.parse(line) as { err?: { message?: string; code?: string } };
      // drizzle's messages start with the whole statement and its parameters: the cause is on the last line's end.
      const text = entry.err?.message?.split('\n').at(-1)?.slice(-160);
      message = [entry.err?.code, text].filter(Boolean).join(' ') || message;
    } catch {
      // a line cut by the process's end: keep its start
    }
    counts.set(message, (counts.get(message) ?? 0) + 1);
  }
  const listed = [...counts].map(([message, count]) => `${count} × ${message}`).join('; ');
  return `the api failed ${lines.length} request${lines.length === 1 ? '' : 's'}: ${listed}`;
}
