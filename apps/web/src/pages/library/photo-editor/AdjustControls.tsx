import type { Component } from 'solid-js';
import { For } from 'solid-js';
import { EditSlider, signedNumber } from './EditSlider';
import type { Adjustment, EditorState } from './edit-state';
import { adjustmentRanges, initialEditorState, resetAdjustments } from './edit-state';
import type { PhotoEditorController } from './photo-editor.controller';

const sliders: { name: Adjustment; label: string; format: (value: number) => string }[] = [
  { name: 'brightness', label: 'Brightness', format: (value) => `${signedNumber(value)}%` },
  { name: 'contrast', label: 'Contrast', format: signedNumber },
  { name: 'saturation', label: 'Saturation', format: (value) => `${signedNumber(value)}%` },
  { name: 'hue', label: 'Hue', format: (value) => `${signedNumber(value)}°` },
  { name: 'blur', label: 'Blur', format: String },
  { name: 'sharpen', label: 'Sharpen', format: String },
];

const watermarkChoice = (value: boolean | null) => (value === null ? 'model' : value ? 'on' : 'off');

/** The filters: brightness, contrast, saturation, hue, blur, sharpen, black and white, and the watermark. */
export const AdjustControls: Component<{ editor: PhotoEditorController }> = (props) => {
  const editor = () => props.editor;
  const state = () => props.editor.state();
  const untouched = () => JSON.stringify(resetAdjustments(state())) === JSON.stringify(state());
  const set = (name: Adjustment, value: number, commit: boolean) =>
    editor().edit((current): EditorState => ({ ...current, [name]: value }), commit);

  return (
    <div data-testid="adjust-controls">
      <For each={sliders}>
        {(slider) => (
          <EditSlider
            id={`edit-${slider.name}`}
            label={slider.label}
            value={state()[slider.name]}
            {...adjustmentRanges[slider.name]}
            neutral={initialEditorState[slider.name]}
            format={slider.format}
            onInput={(value) => set(slider.name, value, false)}
            onCommit={() => editor().commitLive()}
          />
        )}
      </For>
      <div class="form-check form-switch mb-3">
        <input
          class="form-check-input"
          type="checkbox"
          role="switch"
          id="edit-grayscale"
          checked={state().grayscale}
          aria-checked={state().grayscale}
          onChange={(event) => {
            const grayscale = event.currentTarget.checked;
            editor().edit((current) => ({ ...current, grayscale }));
          }}
          data-testid="edit-grayscale"
        />
        <label class="form-check-label small" for="edit-grayscale">
          Black and white
        </label>
      </div>
      <div class="mb-3">
        <label class="form-label small mb-1" for="edit-watermark">
          Watermark on the large sizes
        </label>
        <select
          id="edit-watermark"
          class="form-select form-select-sm"
          value={watermarkChoice(state().watermark)}
          onChange={(event) => {
            const choice = event.currentTarget.value;
            const watermark = choice === 'model' ? null : choice === 'on';
            editor().edit((current) => ({ ...current, watermark }));
          }}
          data-testid="edit-watermark"
        >
          <option value="model">The model's setting</option>
          <option value="on">On for this photo</option>
          <option value="off">Off for this photo</option>
        </select>
      </div>
      <button
        type="button"
        class="btn btn-sm btn-link px-0"
        disabled={untouched()}
        onClick={() => editor().edit(resetAdjustments)}
        data-testid="reset-adjustments"
      >
        Reset adjustments
      </button>
    </div>
  );
};
