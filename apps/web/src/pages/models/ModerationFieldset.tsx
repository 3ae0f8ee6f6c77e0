import type { ModelSettings } from '@phoenix4ge/shared';
import { moderationProviderNames } from '@phoenix4ge/shared';
import type { Component } from 'solid-js';
import { CheckField } from '../../components/CheckField';
import { SelectField } from '../../components/SelectField';
import { ScoreField } from './ScoreField';
import { SettingsCard } from './SettingsCard';
import type { ModelSettingsForm } from './settings-form';

const providerLabels: Record<(typeof moderationProviderNames)[number], string> = {
  local: 'Local classifier (on this server)',
  http: 'External moderation service',
  manual: 'No classifier: a person reviews every image',
};

/** The moderation policy: which classifier, whether to approve automatically, and the three thresholds. */
export const ModerationFieldset: Component<{ form: ModelSettingsForm }> = (props) => {
  const moderation = () => props.form.values.moderation;
  const set = <K extends keyof ModelSettings['moderation']>(
    key: K,
    value: ModelSettings['moderation'][K],
  ) => {
    props.form.setValues('moderation', key, value);
    props.form.revalidate();
  };

  return (
    <SettingsCard
      title="Moderation"
      description="Each upload gets scores from 0 to 100 % for explicit content (Porn + Hentai) and for suggestive content (Sexy). The thresholds decide what happens next."
    >
      <SelectField
        label="Classifier"
        value={moderation().provider ?? ''}
        options={[
          { value: '', label: 'The deployment default' },
          ...moderationProviderNames.map((name) => ({ value: name, label: providerLabels[name] })),
        ]}
        onValue={(value) =>
          set('provider', value === '' ? null : (value as ModelSettings['moderation']['provider']))
        }
        testId="moderation-provider"
      />
      <CheckField
        label="Approve automatically"
        hint="On: images below every threshold are published without a person looking. Off: they wait for review too."
        checked={moderation().autoApprove}
        onValue={(checked) => set('autoApprove', checked)}
        switch
        testId="moderation-auto-approve"
      />
      <div class="row g-3">
        <div class="col-md-4">
          <ScoreField
            label="Reject at"
            value={moderation().rejectAt}
            onValue={(value) => set('rejectAt', value)}
            hint="Explicit score at or above this: rejected."
            error={props.form.error('moderation.rejectAt')}
            testId="moderation-reject-at"
          />
        </div>
        <div class="col-md-4">
          <ScoreField
            label="Flag at"
            value={moderation().flagAt}
            onValue={(value) => set('flagAt', value)}
            hint="Explicit score at or above this: a person reviews it. Not above Reject at."
            error={props.form.error('moderation.flagAt')}
            testId="moderation-flag-at"
          />
        </div>
        <div class="col-md-4">
          <ScoreField
            label="Flag suggestive at"
            value={moderation().flagSexyAt}
            onValue={(value) => set('flagSexyAt', value)}
            hint="Suggestive score at or above this: a person reviews it."
            error={props.form.error('moderation.flagSexyAt')}
            testId="moderation-flag-sexy-at"
          />
        </div>
      </div>
    </SettingsCard>
  );
};
