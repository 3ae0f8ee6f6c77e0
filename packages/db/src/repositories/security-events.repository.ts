import type { SecurityEventType } from '@phoenix4ge/shared';
import { and, count, countDistinct, desc, eq, gte, inArray, isNotNull, max, min, sql } from 'drizzle-orm';
import type { Database } from '../client';
import type { SecurityEvent } from '../schema';
import { securityEvents } from '../schema';

/** The column a rule groups the events of its window by (its subject). */
export type SecurityEventGroup = 'ip' | 'userId' | 'apiKeyId';

export interface SecurityEventBurst {
  /** The group's value: the address, or the user's or key's id as a string. */
  subject: string;
  events: number;
  /** Distinct emails or addresses, when the query counted them. */
  distinct: number;
  firstAt: Date;
  lastAt: Date;
  /** The latest matching event ids (at most 20), newest first. */
  eventIds: number[];
}

const EVIDENCE_IDS = 20;

/**
 * The monitoring rules' reads over `security_events`: events of one type in a window, grouped by subject. Each
 * read is a range scan of the `(type, created_at)` index; only groups over the threshold come back.
 */
export function createSecurityEventsRepository(db: Database) {
  return {
    /** The events an incident cites as evidence, newest first. */
    async byIds(ids: number[]): Promise<SecurityEvent[]> {
      if (ids.length === 0) return [];
      return db
        .select()
        .from(securityEvents)
        .where(inArray(securityEvents.id, ids))
        .orderBy(desc(securityEvents.id));
    },

    async bursts(query: {
      type: SecurityEventType;
      since: Date;
      by: SecurityEventGroup;
      /** Count distinct values of this column and compare it (instead of the event count) with `atLeast`. */
      distinct?: 'email' | 'ip';
      atLeast: number;
    }): Promise<SecurityEventBurst[]> {
      const column = securityEvents[query.by];
      const distinctColumn = query.distinct ? securityEvents[query.distinct] : undefined;
      const distinct = distinctColumn ? countDistinct(distinctColumn) : sql<number>`0`;
      const where = and(
        eq(securityEvents.type, query.type),
        gte(securityEvents.createdAt, query.since),
        isNotNull(column),
      );
      const groups = await db
        .select({
          subject: column,
          events: count(),
          distinct,
          firstAt: min(securityEvents.createdAt),
          lastAt: max(securityEvents.createdAt),
        })
        .from(securityEvents)
        .where(where)
        .groupBy(column)
        .having(sql`${distinctColumn ? distinct : count()} >= ${query.atLeast}`);
      const bursts: SecurityEventBurst[] = [];
      for (const group of groups) {
        if (group.subject === null || !group.firstAt || !group.lastAt) continue;
        const ids = await db
          .select({ id: securityEvents.id })
          .from(securityEvents)
          .where(and(where, eq(column, group.subject as never)))
          .orderBy(desc(securityEvents.id))
          .limit(EVIDENCE_IDS);
        bursts.push({
          subject: String(group.subject),
          events: Number(group.events),
          distinct: Number(group.distinct),
          firstAt: group.firstAt,
          lastAt: group.lastAt,
          eventIds: ids.map((row) => row.id),
        });
      }
      return bursts;
    },
  };
}

export type SecurityEventsRepository = ReturnType<typeof createSecurityEventsRepository>;
