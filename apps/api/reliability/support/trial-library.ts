import { loadApiConfig } from '../../src/env';
import { createModel, modelRow, signedInMember, startApi, testEnv } from '../../test/support/harness';

/**
 * A model and a signed-in editor of it, made through an in-process api on `env` that is stopped again: the
 * trial's real processes then serve the session (it lives in the database).
 */
export async function trialLibrary(env: Record<string, string>) {
  const helper = await startApi(env);
  try {
    const slug = (await createModel(helper)).slug;
    const { cookie } = await signedInMember(helper, slug, 'editor');
    const model = await modelRow(helper, slug);
    return { slug, cookie, modelId: model.id };
  } finally {
    await helper.stop();
  }
}

export type TrialLibrary = Awaited<ReturnType<typeof trialLibrary>>;

/** The configuration the trial's processes read (database, Redis, storage), for the audit. */
export const trialConfig = (env: Record<string, string>) => loadApiConfig(testEnv(env));
