import type { ModelSettings } from '@phoenix4ge/shared';
import type { Form } from '../../lib/forms';

/** The model settings form (every group is saved together); each fieldset edits its own group of it. */
export type ModelSettingsForm = Form<ModelSettings, ModelSettings>;
