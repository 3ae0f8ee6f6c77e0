import type { IncidentResponseRecord } from '@phoenix4ge/shared';
import { incidentSeverities, incidentStates, incidentSubjectTypes } from '@phoenix4ge/shared';
import { index, int, json, mysqlEnum, mysqlTable, uniqueIndex, varchar } from 'drizzle-orm/mysql-core';
import { createdAt, id, instant, ref, updatedAt } from './columns';
import type { JsonObject } from './json-types';
import { users } from './users';

/**
 * A security incident a monitoring rule raised about one subject (an address, a user, an API key, a model).
 * `activeKey` (`<rule>:<subject type>:<subject id>`) is set while the incident is not resolved and is unique, so
 * a rule firing again for the same subject updates the incident instead of opening another one; resolving clears it.
 */
export const securityIncidents = mysqlTable(
  'security_incidents',
  {
    id: id(),
    rule: varchar({ length: 64 }).notNull(),
    severity: mysqlEnum(incidentSeverities).notNull(),
    subjectType: mysqlEnum(incidentSubjectTypes).notNull(),
    /** The address, or the user's, key's or model's id. */
    subjectId: varchar({ length: 64 }).notNull(),
    activeKey: varchar({ length: 191 }),
    state: mysqlEnum(incidentStates).notNull().default('open'),
    summary: varchar({ length: 500 }).notNull(),
    /** The most matching events one window of the rule held while the incident was active. */
    count: int({ unsigned: true }).notNull(),
    /** The count the webhook was last told (0: not notified); doubling it notifies an escalation. */
    notifiedCount: int({ unsigned: true }).notNull().default(0),
    evidence: json().$type<JsonObject>().notNull(),
    firstSeenAt: instant().notNull(),
    lastSeenAt: instant().notNull(),
    acknowledgedBy: ref().references(() => users.id, { onDelete: 'set null' }),
    acknowledgedAt: instant(),
    acknowledgeNote: varchar({ length: 2000 }),
    resolvedBy: ref().references(() => users.id, { onDelete: 'set null' }),
    resolvedAt: instant(),
    resolveNote: varchar({ length: 2000 }),
    /** The responses taken from the incident (lock, revoke, end sessions, pause), oldest first. */
    responses: json().$type<IncidentResponseRecord[]>().notNull(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('security_incidents_active_uq').on(t.activeKey),
    index('security_incidents_state_idx').on(t.state, t.id),
  ],
);

export type SecurityIncident = typeof securityIncidents.$inferSelect;
export type NewSecurityIncident = typeof securityIncidents.$inferInsert;
