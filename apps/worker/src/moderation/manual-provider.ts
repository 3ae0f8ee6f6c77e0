import type { ModerationProvider } from './provider';

/** Everything waits in the moderation queue for a person. */
export const manualProvider: ModerationProvider = {
  name: 'manual',
  moderate: async () => ({ kind: 'manual' }),
};
