import { describe, expect, it } from 'vitest';
import { EventName, parseAppEvent } from './events';
import { JobName, jobRegistry, queueOf, queuesInUse } from './jobs';

describe('event registry', () => {
  it('parses a registered event and its payload', () => {
    const event = parseAppEvent({
      name: EventName.JobCompleted,
      payload: {
        queue: 'system',
        jobId: '1',
        name: 'system.ping',
        workerId: 'w',
        durationMs: 3,
        result: { ok: 1 },
      },
      at: 5,
    });
    expect(event).toMatchObject({ name: 'job.completed', at: 5, payload: { jobId: '1' } });
  });

  it('drops unknown names and malformed payloads', () => {
    expect(parseAppEvent({ name: 'nope', payload: {}, at: 1 })).toBeUndefined();
    expect(
      parseAppEvent({ name: EventName.WorkerHeartbeat, payload: { workerId: 1 }, at: 1 }),
    ).toBeUndefined();
    expect(parseAppEvent('garbage')).toBeUndefined();
  });
});

describe('job registry', () => {
  it('maps every job to a queue and validates payloads', () => {
    expect(queueOf(JobName.SystemPing)).toBe('system');
    expect(queuesInUse()).toEqual(['system', 'media', 'maintenance', 'moderation', 'library']);
    expect(queueOf(JobName.ModerationApply)).toBe('moderation');
    expect(jobRegistry[JobName.SystemPing].payload.safeParse({ requestedAt: 'x' }).success).toBe(false);
  });
});
