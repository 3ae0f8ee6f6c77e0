import type { CropAspect } from '@phoenix4ge/shared';
import { cropAspects } from '@phoenix4ge/shared';
import type { Component } from 'solid-js';
import { For, Show } from 'solid-js';
import { EditSlider } from './EditSlider';
import { cropFrameSize } from './edit-compiler';
import {
  isFullFrame,
  mirror,
  resetCrop,
  rotateQuarter,
  STRAIGHTEN_LIMIT,
  setAspect,
  setStraighten,
} from './edit-state';
import type { PhotoEditorController } from './photo-editor.controller';

const aspectNames = Object.keys(cropAspects) as CropAspect[];

/** Aspect presets, quarter turns, mirrors and the straightening slider. */
export const CropControls: Component<{ editor: PhotoEditorController }> = (props) => {
  const editor = () => props.editor;
  const state = () => props.editor.state();
  const frameAspect = () => {
    const size = editor().frameSize();
    return size ? size.width / size.height : 1;
  };
  const chooseAspect = (name: CropAspect | null) =>
    editor().edit((current) => setAspect(current, name, frameAspect()));
  const straighten = (degrees: number, commit: boolean) => {
    const size = editor().upright();
    if (!size) return;
    editor().edit((current) => {
      const after = cropFrameSize({ ...current, straighten: degrees }, size);
      return setStraighten(current, degrees, after.width / after.height);
    }, commit);
  };
  const untouched = () =>
    state().quarterTurns === 0 &&
    !state().flipHorizontal &&
    !state().flipVertical &&
    state().straighten === 0 &&
    isFullFrame(state().crop) &&
    state().aspect === null;

  return (
    <div data-testid="crop-controls">
      <fieldset class="mb-3">
        <legend class="form-label small mb-1">Aspect</legend>
        <div class="d-flex flex-wrap gap-1">
          <button
            type="button"
            class="btn btn-sm"
            classList={{
              'btn-primary': state().aspect === null,
              'btn-outline-secondary': state().aspect !== null,
            }}
            aria-pressed={state().aspect === null}
            onClick={() => chooseAspect(null)}
            data-testid="aspect-free"
          >
            Free
          </button>
          <For each={aspectNames}>
            {(name) => {
              const active = () => state().aspect?.name === name;
              return (
                <button
                  type="button"
                  class="btn btn-sm"
                  classList={{ 'btn-primary': active(), 'btn-outline-secondary': !active() }}
                  aria-pressed={active()}
                  title={active() && state().aspect?.turned ? `${name}, turned` : name}
                  onClick={() => chooseAspect(name)}
                  data-testid={`aspect-${name.replace(':', 'x')}`}
                >
                  <Show when={active() && state().aspect?.turned} fallback={name}>
                    {name.split(':').reverse().join(':')}
                  </Show>
                </button>
              );
            }}
          </For>
        </div>
      </fieldset>

      <fieldset class="mb-3">
        <legend class="form-label small mb-1">Rotate and flip</legend>
        <div class="d-flex flex-wrap gap-1">
          <button
            type="button"
            class="btn btn-sm btn-outline-secondary"
            title="Rotate left (Shift+R)"
            onClick={() => editor().edit((current) => rotateQuarter(current, -1))}
            data-testid="rotate-left"
          >
            ⟲ Left
          </button>
          <button
            type="button"
            class="btn btn-sm btn-outline-secondary"
            title="Rotate right (R)"
            onClick={() => editor().edit((current) => rotateQuarter(current, 1))}
            data-testid="rotate-right"
          >
            ⟳ Right
          </button>
          <button
            type="button"
            class="btn btn-sm btn-outline-secondary"
            title="Flip horizontally (H)"
            aria-pressed={state().flipHorizontal}
            onClick={() => editor().edit((current) => mirror(current, 'horizontal'))}
            data-testid="flip-horizontal"
          >
            ⇋ Flip
          </button>
          <button
            type="button"
            class="btn btn-sm btn-outline-secondary"
            title="Flip vertically (V)"
            aria-pressed={state().flipVertical}
            onClick={() => editor().edit((current) => mirror(current, 'vertical'))}
            data-testid="flip-vertical"
          >
            ⇵ Flip
          </button>
        </div>
      </fieldset>

      <EditSlider
        id="edit-straighten"
        label="Straighten"
        value={state().straighten}
        min={-STRAIGHTEN_LIMIT}
        max={STRAIGHTEN_LIMIT}
        step={0.1}
        neutral={0}
        format={(value) => `${value > 0 ? '+' : ''}${value.toFixed(1)}°`}
        onInput={(value) => straighten(value, false)}
        onCommit={() => editor().commitLive()}
      />
      <p class="form-text small mt-0">
        Drag the box or its handles; drag outside it to draw a new one. Straightening keeps the largest
        upright part of the turned photo.
      </p>
      <button
        type="button"
        class="btn btn-sm btn-link px-0"
        disabled={untouched()}
        onClick={() => editor().edit(resetCrop)}
        data-testid="reset-crop"
      >
        Reset crop and rotation
      </button>
    </div>
  );
};
