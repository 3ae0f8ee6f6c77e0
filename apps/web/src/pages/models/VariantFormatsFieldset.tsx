import type { VariantFormat } from '@phoenix4ge/shared';
import { variantFormats } from '@phoenix4ge/shared';
import type { Component } from 'solid-js';
import { For, Show } from 'solid-js';
import { CheckField } from '../../components/CheckField';
import { SettingsCard } from './SettingsCard';
import type { ModelSettingsForm } from './settings-form';

const formatHints: Record<VariantFormat, string> = {
  webp: 'Small files, supported by every current browser.',
  jpeg: 'The fallback for old browsers and email.',
  avif: 'The smallest files, but 10–20× slower to encode than WebP or JPEG; every upload takes much longer and uses far more CPU. Turn it on only when bandwidth matters more than processing time.',
};

/** Which formats every variant is made in (WebP, JPEG, AVIF). */
export const VariantFormatsFieldset: Component<{ form: ModelSettingsForm }> = (props) => {
  const toggleFormat = (format: VariantFormat, on: boolean) => {
    const formats = props.form.values.variants.formats.filter((existing) => existing !== format);
    // Keep the canonical order (webp, jpeg, avif) whatever order they were ticked in.
    const next = on ? variantFormats.filter((name) => name === format || formats.includes(name)) : formats;
    props.form.setValues('variants', 'formats', next);
    props.form.revalidate();
  };

  return (
    <SettingsCard
      title="Variant formats"
      description="Every upload is resized into several sizes, each in the formats chosen here."
    >
      <For each={variantFormats}>
        {(format) => (
          <CheckField
            label={
              <>
                <span class="text-uppercase fw-medium">{format}</span>
                <Show when={format === 'avif'}>
                  <span class="badge text-bg-warning ms-2">expensive</span>
                </Show>
              </>
            }
            hint={formatHints[format]}
            checked={props.form.values.variants.formats.includes(format)}
            onValue={(checked) => toggleFormat(format, checked)}
            testId={`variant-${format}`}
          />
        )}
      </For>
      <Show when={props.form.error('variants.formats')}>
        {(message) => <div class="text-danger small">{message()}</div>}
      </Show>
      <p class="small text-body-secondary mb-0">New formats apply to new uploads.</p>
    </SettingsCard>
  );
};
