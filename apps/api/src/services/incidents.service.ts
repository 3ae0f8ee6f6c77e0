import type { Repositories, SecurityIncident, SessionsRepository } from '@phoenix4ge/db';
import type {
  EndSessions,
  IncidentFilter,
  IncidentNote,
  IncidentResponseAction,
  LockUser,
  PauseModel,
  RevokeApiKeyResponse,
} from '@phoenix4ge/shared';
import type { Events } from '@phoenix4ge/shared/node';
import { TRPCError } from '@trpc/server';
import type { ApiKeysRepository } from '../repositories/api-keys.repository';
import type { UsersRepository } from '../repositories/users.repository';
import type { ApiKeysService } from './api-keys.service';
import type { ModelsService } from './models.service';

const notFound = () => new TRPCError({ code: 'NOT_FOUND', message: 'No such incident' });

/**
 * The seed's IncidentResponseService: the incidents the monitoring rules raise (worker), as admins work them:
 * acknowledge and resolve with a note, and the one-click responses (lock a user, revoke an API key, end a user's
 * sessions, pause a model's public delivery). Every response is idempotent, is audited by the tRPC layer, and,
 * when it names its incident, is kept on that incident.
 */
export function createIncidentsService(deps: {
  repositories: Pick<Repositories, 'incidents' | 'securityEvents' | 'models'>;
  users: UsersRepository;
  sessions: SessionsRepository;
  apiKeys: ApiKeysRepository;
  apiKeysService: Pick<ApiKeysService, 'revoke'>;
  models: Pick<ModelsService, 'setPublicPaused'>;
  events: Pick<Events, 'publish'>;
}) {
  const { incidents } = deps.repositories;
  const changed = (incidentId: number, change: 'acknowledged' | 'resolved' | 'responded') =>
    deps.events.publish('incident.changed', { incidentId, change });

  async function find(id: number): Promise<SecurityIncident> {
    const incident = await incidents.byId(id);
    if (!incident) throw notFound();
    return incident;
  }

  /** What the subject is now (for the detail and the responses that fit it). */
  async function subjectOf(incident: SecurityIncident) {
    const id = Number(incident.subjectId);
    switch (incident.subjectType) {
      case 'user': {
        const user = await deps.users.byId(id);
        return {
          type: 'user' as const,
          id: incident.subjectId,
          label: user?.email ?? `user #${id} (deleted)`,
          user: user ? { id: user.id, email: user.email, disabledAt: user.disabledAt } : null,
        };
      }
      case 'api_key': {
        const key = await deps.apiKeys.byId(id);
        return {
          type: 'api_key' as const,
          id: incident.subjectId,
          label: key ? `${key.name} (${key.keyPrefix}…)` : `API key #${id} (deleted)`,
          apiKey: key ? { id: key.id, name: key.name, revokedAt: key.revokedAt } : null,
        };
      }
      case 'model': {
        const model = await deps.repositories.models.byId(id);
        return {
          type: 'model' as const,
          id: incident.subjectId,
          label: model?.slug ?? `model #${id} (deleted)`,
          model: model ? { slug: model.slug, publicPausedAt: model.publicPausedAt } : null,
        };
      }
      default:
        return { type: 'ip' as const, id: incident.subjectId, label: incident.subjectId };
    }
  }

  /** Keeps the response on the incident it answers (checked first, so a wrong id changes nothing). */
  async function responding(
    incidentId: number | undefined,
  ): Promise<(record: ResponseNote) => Promise<void>> {
    if (incidentId === undefined) return async () => {};
    await find(incidentId);
    return async (note) => {
      await incidents.addResponse(incidentId, {
        action: note.action,
        target: note.target,
        byUserId: note.byUserId,
        at: new Date().toISOString(),
      });
      changed(incidentId, 'responded');
    };
  }

  return {
    async list(filter: IncidentFilter) {
      const items = await incidents.list(filter);
      return { items, nextCursor: items.length === filter.limit ? (items.at(-1)?.id ?? null) : null };
    },

    counts: () => incidents.countActive(),

    /** One incident with its subject as it is now and the events it cites. */
    async byId(id: number) {
      const incident = await find(id);
      const ids = Array.isArray(incident.evidence.eventIds)
        ? incident.evidence.eventIds.filter((value): value is number => typeof value === 'number')
        : [];
      const [subject, events] = await Promise.all([
        subjectOf(incident),
        deps.repositories.securityEvents.byIds(ids.slice(0, 20)),
      ]);
      return { ...incident, subject, events };
    },

    /** open → acknowledged (again: no change); a resolved incident cannot be acknowledged. */
    async acknowledge(input: IncidentNote, userId: number | null) {
      const incident = await find(input.id);
      if (incident.state === 'resolved') {
        throw new TRPCError({ code: 'BAD_REQUEST', message: 'The incident is already resolved' });
      }
      if (await incidents.acknowledge(input.id, userId, input.note)) changed(input.id, 'acknowledged');
      return find(input.id);
    },

    /** open or acknowledged → resolved (again: no change). */
    async resolve(input: IncidentNote, userId: number | null) {
      await find(input.id);
      if (await incidents.resolve(input.id, userId, input.note)) changed(input.id, 'resolved');
      return find(input.id);
    },

    /** Locks (disables) a user and ends their sessions, or unlocks them. */
    async lockUser(input: LockUser, actingUserId: number | null) {
      if (input.userId === actingUserId && input.locked) {
        throw new TRPCError({ code: 'BAD_REQUEST', message: 'You cannot lock yourself out' });
      }
      const user = await deps.users.byId(input.userId);
      if (!user) throw new TRPCError({ code: 'NOT_FOUND', message: 'No such user' });
      const note = await responding(input.incidentId);
      if (input.locked && !user.disabledAt) await deps.users.update(user.id, { disabledAt: new Date() });
      if (!input.locked && user.disabledAt) await deps.users.update(user.id, { disabledAt: null });
      const sessionsEnded = input.locked ? await deps.sessions.deleteForUser(user.id) : 0;
      await note({
        action: input.locked ? 'user.lock' : 'user.unlock',
        target: user.email,
        byUserId: actingUserId,
      });
      return { userId: user.id, locked: input.locked, sessionsEnded };
    },

    async revokeApiKey(input: RevokeApiKeyResponse, actingUserId: number | null) {
      const key = await deps.apiKeys.byId(input.apiKeyId);
      if (!key) throw new TRPCError({ code: 'NOT_FOUND', message: 'No such API key' });
      const note = await responding(input.incidentId);
      await deps.apiKeysService.revoke(key.id);
      await note({
        action: 'api_key.revoke',
        target: `${key.name} (${key.keyPrefix}…)`,
        byUserId: actingUserId,
      });
      return { apiKeyId: key.id, revoked: true };
    },

    async endSessions(input: EndSessions, actingUserId: number | null) {
      const user = await deps.users.byId(input.userId);
      if (!user) throw new TRPCError({ code: 'NOT_FOUND', message: 'No such user' });
      const note = await responding(input.incidentId);
      const ended = await deps.sessions.deleteForUser(user.id);
      await note({ action: 'sessions.end', target: user.email, byUserId: actingUserId });
      return { userId: user.id, sessionsEnded: ended };
    },

    async pauseModel(input: PauseModel, actingUserId: number | null) {
      const model = await deps.repositories.models.bySlug(input.modelSlug);
      if (!model) throw new TRPCError({ code: 'NOT_FOUND', message: `No model ${input.modelSlug}` });
      const note = await responding(input.incidentId);
      const updated = await deps.models.setPublicPaused(model, input.paused);
      await note({
        action: input.paused ? 'model.pause' : 'model.unpause',
        target: model.slug,
        byUserId: actingUserId,
      });
      return { modelId: updated.id, modelSlug: updated.slug, publicPausedAt: updated.publicPausedAt };
    },
  };
}

interface ResponseNote {
  action: IncidentResponseAction;
  target: string;
  byUserId: number | null;
}

export type IncidentsService = ReturnType<typeof createIncidentsService>;
