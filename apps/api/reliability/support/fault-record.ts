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
    ]
      .filter(Boolean)
      .join('. '),
  };
  await recordTrial(record);
  return record;
}
