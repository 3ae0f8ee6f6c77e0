import type { ModelSettings } from '@phoenix4ge/shared';
import { watermarkPositions } from '@phoenix4ge/shared';
import type { Component } from 'solid-js';
import { CheckField } from '../../components/CheckField';
import { SelectField } from '../../components/SelectField';
import { TextField } from '../../components/TextField';
import { useCurrentModel } from '../../layouts/ModelLayout';
import { ScoreField } from './ScoreField';
import { SettingsCard } from './SettingsCard';
import type { ModelSettingsForm } from './settings-form';

const positionLabels: Record<(typeof watermarkPositions)[number], string> = {
  'top-left': 'Top left',
  'top-right': 'Top right',
  'bottom-left': 'Bottom left',
  'bottom-right': 'Bottom right',
  center: 'Centre',
};

/** The watermark on the large variants: on or off, its text or picture, position and opacity. */
export const WatermarkFieldset: Component<{ form: ModelSettingsForm }> = (props) => {
  const current = useCurrentModel();
  const watermark = () => props.form.values.watermark;
  const set = <K extends keyof ModelSettings['watermark']>(key: K, value: ModelSettings['watermark'][K]) => {
    props.form.setValues('watermark', key, value);
    props.form.revalidate();
  };

  return (
    <SettingsCard
      title="Watermark"
      description="Drawn on the large (lg and xl) variants only; thumbnails and the original stay clean."
    >
      <CheckField
        label="Watermark large variants"
        checked={watermark().enabled}
        onValue={(checked) => set('enabled', checked)}
        switch
        testId="watermark-enabled"
      />
      <fieldset disabled={!watermark().enabled}>
        <div class="row g-3">
          <div class="col-md-6">
            <TextField
              label="Text"
              value={watermark().text ?? ''}
              onValue={(value) => set('text', value === '' ? null : value)}
              placeholder={current.model().displayName}
              error={props.form.error('watermark.text')}
              hint="Empty: the model's display name."
              class="mb-0"
              testId="watermark-text"
            />
          </div>
          <div class="col-md-6">
            <TextField
              label="Picture instead of text (media id)"
              value={watermark().imageMediaId?.toString() ?? ''}
              onValue={(value) => {
                const id = Number.parseInt(value.trim(), 10);
                set('imageMediaId', Number.isFinite(id) && id > 0 ? id : null);
              }}
              placeholder="none"
              error={props.form.error('watermark.imageMediaId')}
              hint="A logo from this library, ideally a PNG with transparency; its id is in the detail panel. Empty: text."
              class="mb-0"
              testId="watermark-image"
            />
          </div>
          <div class="col-md-6">
            <SelectField
              label="Position"
              value={watermark().position}
              options={watermarkPositions.map((position) => ({
                value: position,
                label: positionLabels[position],
              }))}
              onValue={(value) => set('position', value as ModelSettings['watermark']['position'])}
              class="mb-0"
              testId="watermark-position"
            />
          </div>
          <div class="col-md-6">
            <ScoreField
              label="Opacity"
              value={watermark().opacity}
              onValue={(value) => set('opacity', value)}
              hint="How strongly the text shows over the image."
              error={props.form.error('watermark.opacity')}
              testId="watermark-opacity"
            />
          </div>
        </div>
      </fieldset>
    </SettingsCard>
  );
};
