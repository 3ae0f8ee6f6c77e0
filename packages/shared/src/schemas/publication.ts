/**
 * Publication in the admin: an item's window, the manual public order of a category, a model's consent expiry,
 * and the state an item is in for the public site. Browser-safe.
 */
import { z } from 'zod';
import type { ModerationStatus, ProcessingStatus } from '../enums';

const Id = z.number().int().positive();

/** When an item is public: from / until, either null (no bound). */
export const publicationWindowShape = {
  publishFrom: z.coerce.date().nullable(),
  publishUntil: z.coerce.date().nullable(),
};
export interface PublicationWindow {
  publishFrom: Date | null;
  publishUntil: Date | null;
}

/** `publishUntil` must come after `publishFrom`: the refinement of every schema holding a window (names the field). */
export const windowInOrder: [(window: PublicationWindow) => boolean, { error: string; path: PropertyKey[] }] =
  [
    (window) =>
      window.publishFrom === null ||
      window.publishUntil === null ||
      window.publishUntil.getTime() > window.publishFrom.getTime(),
    { error: 'The end of the window must be after its start', path: ['publishUntil'] },
  ];

export const PublicationWindowSchema = z.object(publicationWindowShape).refine(...windowInOrder);

export const SetPublicationWindowSchema = z
  .object({ id: Id, ...publicationWindowShape })
  .refine(...windowInOrder);
export type SetPublicationWindow = z.infer<typeof SetPublicationWindowSchema>;

/**
 * One move in a category's public order: `id` goes just before `beforeId` (null: to the end). A move names only its
 * neighbour, so two editors moving different items at once both get what they asked for.
 */
export const MovePublicOrderSchema = z.object({ categoryId: Id, id: Id, beforeId: Id.nullable() });
export type MovePublicOrder = z.infer<typeof MovePublicOrderSchema>;

/** The largest category the public-order mode lists at once. */
export const PUBLIC_ORDER_MAX = 1000;

export const SetConsentSchema = z.object({ consentExpiresAt: z.coerce.date().nullable() });
export type SetConsent = z.infer<typeof SetConsentSchema>;

/** Days before a model's consent ends from which the admin warns. */
export const CONSENT_WARNING_DAYS = 14;

export const publicationStates = ['live', 'scheduled', 'expired', 'not public'] as const;
export type PublicationStateName = (typeof publicationStates)[number];

/** Where an item stands for the public site, and why. */
export interface PublicationState {
  state: PublicationStateName;
  reason: string;
}

/** The parts of an item its publication state depends on. */
export interface PublicationFacts {
  moderationStatus: ModerationStatus;
  processingStatus: ProcessingStatus;
  publicVersion: number | null;
  deletedAt: Date | null;
  publishFrom: Date | null;
  publishUntil: Date | null;
}

/** The parts of its model. */
export interface ModelPublicationFacts {
  archivedAt: Date | null;
  consentExpiresAt: Date | null;
}

const shown = (date: Date) => date.toISOString().slice(0, 16).replace('T', ' ');

/**
 * The rule of publicCondition (packages/db publication.repository.ts), told as a state: `not public` (not approved,
 * in the trash, processing, model archived), `expired` (window or consent ended), `scheduled` (window not open yet)
 * or `live`. Times in the reason are UTC.
 */
export function publicationStateOf(
  item: PublicationFacts,
  model: ModelPublicationFacts,
  now: Date = new Date(),
): PublicationState {
  if (item.deletedAt) return { state: 'not public', reason: 'In the trash' };
  if (item.processingStatus !== 'ready') {
    return {
      state: 'not public',
      reason: item.processingStatus === 'failed' ? 'Processing failed' : 'Still processing',
    };
  }
  if (item.publicVersion === null) {
    return {
      state: 'not public',
      reason: item.moderationStatus === 'rejected' ? 'Rejected' : 'Not approved yet',
    };
  }
  if (model.archivedAt) return { state: 'not public', reason: 'The model is archived' };
  const time = now.getTime();
  if (model.consentExpiresAt && model.consentExpiresAt.getTime() <= time) {
    return { state: 'expired', reason: `The model's consent ended ${shown(model.consentExpiresAt)} UTC` };
  }
  if (item.publishUntil && item.publishUntil.getTime() <= time) {
    return { state: 'expired', reason: `The window ended ${shown(item.publishUntil)} UTC` };
  }
  if (item.publishFrom && item.publishFrom.getTime() > time) {
    return { state: 'scheduled', reason: `Goes live ${shown(item.publishFrom)} UTC` };
  }
  return {
    state: 'live',
    reason: item.publishUntil ? `Public until ${shown(item.publishUntil)} UTC` : 'Public',
  };
}

/** Where a model's consent stands: none set, fine, ending within CONSENT_WARNING_DAYS, or ended. */
export type ConsentState = 'none' | 'valid' | 'expiring' | 'expired';

export function consentStateOf(consentExpiresAt: Date | null, now: Date = new Date()): ConsentState {
  if (!consentExpiresAt) return 'none';
  const left = consentExpiresAt.getTime() - now.getTime();
  if (left <= 0) return 'expired';
  return left <= CONSENT_WARNING_DAYS * 24 * 3600_000 ? 'expiring' : 'valid';
}
