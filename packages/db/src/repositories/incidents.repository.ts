import type {
  IncidentFilter,
  IncidentFinding,
  IncidentResponseRecord,
  IncidentState,
} from '@phoenix4ge/shared';
import { jobs } from '@phoenix4ge/shared';
import { and, count, desc, eq, inArray, lt, sql } from 'drizzle-orm';
import type { Database } from '../client';
import { isDuplicateKeyError } from '../errors';
import type { SecurityIncident } from '../schema';
import { securityIncidents } from '../schema';
import type { JsonObject } from '../schema/json-types';
import type { OutboxRepository } from './outbox.repository';

/** The key that makes one active incident per rule and subject. */
const activeKeyOf = (finding: Pick<IncidentFinding, 'rule' | 'subjectType' | 'subjectId'>) =>
  `${finding.rule}:${finding.subjectType}:${finding.subjectId}`;

/** An active incident's count reaching this many times the one last notified notifies an escalation. */
export const ESCALATION_FACTOR = 2;

/**
 * What a finding did: opened an incident, updated the active one (more events or later ones), or nothing (the
 * active incident already holds these events, or a resolved one covered them).
 */
export type RaiseOutcome = { id: number; change: 'opened' | 'updated' } | { change: 'none' };

/**
 * Security incidents: raised by the monitoring rules (the worker), worked by admins (the api). A finding for a
 * rule and subject that already has an active (open or acknowledged) incident updates it: last seen, evidence, and
 * the count when this window holds more. A finding with no event after the last one a resolved incident of that rule
 * and subject saw opens nothing: resolving is not undone by the same burst still sliding through the window. A new
 * incident and its webhook notification (`security.notify`, only with `notify`) are written in one transaction
 * through the outbox, and so is an escalation's (the count reached ESCALATION_FACTOR times the one last notified).
 */
export function createIncidentsRepository(db: Database, outbox: OutboxRepository) {
  async function updateActive(finding: IncidentFinding, notify: boolean): Promise<RaiseOutcome | undefined> {
    const [active] = await db
      .select({
        id: securityIncidents.id,
        count: securityIncidents.count,
        notifiedCount: securityIncidents.notifiedCount,
        lastSeenAt: securityIncidents.lastSeenAt,
      })
      .from(securityIncidents)
      .where(eq(securityIncidents.activeKey, activeKeyOf(finding)));
    if (!active) return undefined;
    if (finding.count <= active.count && finding.lastSeenAt <= active.lastSeenAt) {
      return { change: 'none' };
    }
    const count = Math.max(active.count, finding.count);
    const escalated = notify && active.notifiedCount > 0 && count >= active.notifiedCount * ESCALATION_FACTOR;
    await outbox.commit(
      (tx) =>
        tx
          .update(securityIncidents)
          .set({
            count: sql`greatest(${securityIncidents.count}, ${finding.count})`,
            lastSeenAt: sql`greatest(${securityIncidents.lastSeenAt}, ${finding.lastSeenAt})`,
            summary: finding.summary.slice(0, 500),
            evidence: finding.evidence as JsonObject,
            ...(escalated ? { notifiedCount: count } : {}),
          })
          .where(eq(securityIncidents.id, active.id)),
      () => (escalated ? [jobs.securityNotify(active.id, count)] : []),
    );
    return { id: active.id, change: 'updated' };
  }

  /** True when a resolved incident of the finding's rule and subject already saw its latest event. */
  async function resolvedAlready(finding: IncidentFinding): Promise<boolean> {
    const [resolved] = await db
      .select({ lastSeenAt: securityIncidents.lastSeenAt })
      .from(securityIncidents)
      .where(
        and(
          eq(securityIncidents.rule, finding.rule),
          eq(securityIncidents.subjectType, finding.subjectType),
          eq(securityIncidents.subjectId, finding.subjectId),
          eq(securityIncidents.state, 'resolved'),
        ),
      )
      .orderBy(desc(securityIncidents.id))
      .limit(1);
    return resolved !== undefined && finding.lastSeenAt <= resolved.lastSeenAt;
  }

  return {
    async raise(finding: IncidentFinding, options: { notify: boolean }): Promise<RaiseOutcome> {
      const active = await updateActive(finding, options.notify);
      if (active !== undefined) return active;
      if (await resolvedAlready(finding)) return { change: 'none' };
      try {
        const id = await outbox.commit(
          async (tx) => {
            const [row] = await tx
              .insert(securityIncidents)
              .values({
                rule: finding.rule,
                severity: finding.severity,
                subjectType: finding.subjectType,
                subjectId: finding.subjectId,
                activeKey: activeKeyOf(finding),
                summary: finding.summary.slice(0, 500),
                count: finding.count,
                notifiedCount: options.notify ? finding.count : 0,
                evidence: finding.evidence as JsonObject,
                firstSeenAt: finding.firstSeenAt,
                lastSeenAt: finding.lastSeenAt,
                responses: [],
              })
              .$returningId();
            if (!row) throw new Error('incident insert returned no id');
            return row.id;
          },
          (id) => (options.notify ? [jobs.securityNotify(id)] : []),
        );
        return { id, change: 'opened' };
      } catch (error) {
        // Another run opened it meanwhile: update that one instead.
        if (!isDuplicateKeyError(error)) throw error;
        const raced = await updateActive(finding, options.notify);
        if (raced === undefined) throw error;
        return raced;
      }
    },

    async byId(id: number): Promise<SecurityIncident | undefined> {
      const [row] = await db.select().from(securityIncidents).where(eq(securityIncidents.id, id));
      return row;
    },

    /** Newest first, optionally in one state. */
    async list(filter: IncidentFilter): Promise<SecurityIncident[]> {
      return db
        .select()
        .from(securityIncidents)
        .where(
          and(
            filter.state ? eq(securityIncidents.state, filter.state) : undefined,
            filter.cursor ? lt(securityIncidents.id, filter.cursor) : undefined,
          ),
        )
        .orderBy(desc(securityIncidents.id))
        .limit(filter.limit);
    },

    /** How many incidents are open and acknowledged (the navbar's badge counts the open ones). */
    async countActive(): Promise<{ open: number; acknowledged: number }> {
      const rows = await db
        .select({ state: securityIncidents.state, n: count() })
        .from(securityIncidents)
        .where(inArray(securityIncidents.state, ['open', 'acknowledged']))
        .groupBy(securityIncidents.state);
      const of = (state: IncidentState) => Number(rows.find((row) => row.state === state)?.n ?? 0);
      return { open: of('open'), acknowledged: of('acknowledged') };
    },

    /** open → acknowledged; false when the incident was not open. */
    async acknowledge(id: number, userId: number | null, note: string): Promise<boolean> {
      const [result] = await db
        .update(securityIncidents)
        .set({
          state: 'acknowledged',
          acknowledgedBy: userId,
          acknowledgedAt: new Date(),
          acknowledgeNote: note || null,
        })
        .where(and(eq(securityIncidents.id, id), eq(securityIncidents.state, 'open')));
      return result.affectedRows > 0;
    },

    /** open or acknowledged → resolved; the rule may then open a new incident for the subject. */
    async resolve(id: number, userId: number | null, note: string): Promise<boolean> {
      const [result] = await db
        .update(securityIncidents)
        .set({
          state: 'resolved',
          activeKey: null,
          resolvedBy: userId,
          resolvedAt: new Date(),
          resolveNote: note || null,
        })
        .where(and(eq(securityIncidents.id, id), inArray(securityIncidents.state, ['open', 'acknowledged'])));
      return result.affectedRows > 0;
    },

    /** Appends a response taken from the incident. */
    async addResponse(id: number, response: IncidentResponseRecord): Promise<void> {
      await db
        .update(securityIncidents)
        .set({
          responses: sql`json_array_append(${securityIncidents.responses}, '$', json_extract(${JSON.stringify(response)}, '$'))`,
        })
        .where(eq(securityIncidents.id, id));
    },
  };
}

export type IncidentsRepository = ReturnType<typeof createIncidentsRepository>;
