import type { MediaFormat, ModerationStatus, ProcessingStatus } from '@phoenix4ge/shared';
import {
  mediaFormatNames,
  mediaOrientations,
  moderationStatuses,
  processingStatuses,
} from '@phoenix4ge/shared';
import type { Component, JSX } from 'solid-js';
import { For, Show } from 'solid-js';
import { tagName } from '../../stores/tag-names';
import { moderationLabel, processingLabel } from './labels';
import type { Library } from './library.controller';
import type { LibraryView } from './library-url';
import { activeFilterCount, withoutFilters } from './library-url';
import { TagChip, TagInput } from './TagInput';

const orientationLabels = { landscape: 'Landscape', portrait: 'Portrait', square: 'Square' } as const;
const formatLabels: Record<MediaFormat, string> = {
  jpeg: 'JPEG',
  png: 'PNG',
  gif: 'GIF',
  webp: 'WebP',
  avif: 'AVIF',
  tiff: 'TIFF',
};

function toggled<T>(list: readonly T[], value: T): T[] {
  return list.includes(value) ? list.filter((item) => item !== value) : [...list, value];
}

/**
 * Every filter of the library: statuses (with counts), tags, dates, shape, location, camera, format and size.
 * Each change applies at once (and is a new URL); text fields apply when they change (Enter or leaving them).
 */
export const FilterPanel: Component<{ library: Library }> = (props) => {
  const lib = () => props.library;
  const view = () => lib().view();
  const set = (patch: Partial<LibraryView>) => lib().setView(patch);
  const moderationCount = (status: ModerationStatus) => lib().facetsData()?.moderation[status];

  return (
    <form
      class="small"
      style={{ width: 'min(34rem, calc(100vw - 2rem))' }}
      onSubmit={(event) => event.preventDefault()}
      data-testid="filter-panel"
    >
      <div class="row g-3">
        <Group label="Moderation" class="col-sm-6">
          <For each={moderationStatuses}>
            {(status) => (
              <Check
                id={`filter-moderation-${status}`}
                checked={view().moderation.includes(status)}
                onChange={() => set({ moderation: toggled(view().moderation, status) })}
                label={moderationLabel[status]}
                count={moderationCount(status)}
              />
            )}
          </For>
        </Group>
        <Group label="Processing" class="col-sm-6">
          <For each={processingStatuses}>
            {(status: ProcessingStatus) => (
              <Check
                id={`filter-processing-${status}`}
                checked={view().processing.includes(status)}
                onChange={() => set({ processing: toggled(view().processing, status) })}
                label={processingLabel[status]}
              />
            )}
          </For>
        </Group>

        <Group label="Tags (all of them)" class="col-12">
          <div class="d-flex flex-wrap gap-1 mb-1">
            <For each={view().tags}>
              {(id) => (
                <TagChip
                  name={tagName(id)}
                  onRemove={() => set({ tags: view().tags.filter((tag) => tag !== id) })}
                  testId="filter-tag-chip"
                />
              )}
            </For>
          </div>
          <TagInput
            id="filter-tags"
            modelSlug={lib().slug()}
            allowNew={false}
            placeholder="Filter by a tag"
            chosen={view().tags.map(tagName)}
            onPick={(tag) => {
              if (tag.id !== undefined && !view().tags.includes(tag.id))
                set({ tags: [...view().tags, tag.id] });
            }}
            testId="filter-tags"
          />
        </Group>

        <Group label="Uploaded" class="col-12">
          <DateRange
            id="filter-uploaded"
            from={view().uploadedFrom}
            to={view().uploadedTo}
            onChange={(from, to) => set({ uploadedFrom: from, uploadedTo: to })}
          />
        </Group>
        <Group label="Taken (EXIF date)" class="col-12">
          <DateRange
            id="filter-taken"
            from={view().takenFrom}
            to={view().takenTo}
            onChange={(from, to) => set({ takenFrom: from, takenTo: to })}
          />
        </Group>

        <Group label="Shape" class="col-sm-6">
          <select
            class="form-select form-select-sm"
            aria-label="Orientation"
            value={view().orientation ?? ''}
            onChange={(event) =>
              set({
                orientation: mediaOrientations.find((value) => value === event.currentTarget.value),
              })
            }
            data-testid="filter-orientation"
          >
            <option value="">Any shape</option>
            <For each={mediaOrientations}>
              {(value) => <option value={value}>{orientationLabels[value]}</option>}
            </For>
          </select>
        </Group>
        <Group label="Location" class="col-sm-6">
          <select
            class="form-select form-select-sm"
            aria-label="Has a GPS location"
            value={view().hasGps === undefined ? '' : view().hasGps ? 'yes' : 'no'}
            onChange={(event) => {
              const value = event.currentTarget.value;
              set({ hasGps: value === '' ? undefined : value === 'yes' });
            }}
            data-testid="filter-gps"
          >
            <option value="">With or without GPS</option>
            <option value="yes">With a GPS location</option>
            <option value="no">Without a GPS location</option>
          </select>
        </Group>

        <Group label="Camera" class="col-sm-6">
          <div class="d-flex gap-1">
            <TextFilter
              label="Camera make"
              placeholder="Make"
              value={view().cameraMake}
              onChange={(cameraMake) => set({ cameraMake })}
            />
            <TextFilter
              label="Camera model"
              placeholder="Model"
              value={view().cameraModel}
              onChange={(cameraModel) => set({ cameraModel })}
            />
          </div>
        </Group>
        <Group label="Minimum width (px)" class="col-sm-6">
          <input
            type="number"
            class="form-control form-control-sm"
            aria-label="Minimum width in pixels"
            min="1"
            step="100"
            placeholder="Any width"
            value={view().minWidth ?? ''}
            onChange={(event) => {
              const value = Number(event.currentTarget.value);
              set({ minWidth: Number.isInteger(value) && value > 0 ? value : undefined });
            }}
            data-testid="filter-min-width"
          />
        </Group>

        <Group label="Format" class="col-12">
          <div class="d-flex flex-wrap column-gap-3">
            <For each={mediaFormatNames}>
              {(format) => (
                <Check
                  id={`filter-format-${format}`}
                  checked={view().format.includes(format)}
                  onChange={() => set({ format: toggled(view().format, format) })}
                  label={formatLabels[format]}
                />
              )}
            </For>
          </div>
        </Group>
      </div>
      <Show when={activeFilterCount(view()) > 0}>
        <div class="border-top mt-3 pt-2 text-end">
          <button
            type="button"
            class="btn btn-link btn-sm"
            onClick={() => lib().setView(withoutFilters(view()))}
            data-testid="filter-clear"
          >
            Clear all filters
          </button>
        </div>
      </Show>
    </form>
  );
};

const Group: Component<{ label: string; class?: string; children: JSX.Element }> = (props) => (
  <fieldset class={props.class}>
    <legend class="fs-6 small fw-semibold text-body-secondary mb-1">{props.label}</legend>
    {props.children}
  </fieldset>
);

const Check: Component<{
  id: string;
  checked: boolean;
  onChange: () => void;
  label: string;
  count?: number;
}> = (props) => (
  <div class="form-check mb-0">
    <input
      class="form-check-input"
      type="checkbox"
      id={props.id}
      checked={props.checked}
      onChange={() => props.onChange()}
      data-testid={props.id}
    />
    <label class="form-check-label d-flex justify-content-between gap-2" for={props.id}>
      {props.label}
      <Show when={props.count !== undefined}>
        <span class="text-body-secondary">{props.count?.toLocaleString()}</span>
      </Show>
    </label>
  </div>
);

const DateRange: Component<{
  id: string;
  from: string | undefined;
  to: string | undefined;
  onChange: (from: string | undefined, to: string | undefined) => void;
}> = (props) => (
  <div class="d-flex align-items-center gap-1">
    <input
      type="date"
      class="form-control form-control-sm"
      aria-label="From"
      value={props.from ?? ''}
      max={props.to}
      onChange={(event) => props.onChange(event.currentTarget.value || undefined, props.to)}
      data-testid={`${props.id}-from`}
    />
    <span class="text-body-secondary">–</span>
    <input
      type="date"
      class="form-control form-control-sm"
      aria-label="To"
      value={props.to ?? ''}
      min={props.from}
      onChange={(event) => props.onChange(props.from, event.currentTarget.value || undefined)}
      data-testid={`${props.id}-to`}
    />
  </div>
);

const TextFilter: Component<{
  label: string;
  placeholder: string;
  value: string | undefined;
  onChange: (value: string | undefined) => void;
}> = (props) => (
  <input
    type="text"
    class="form-control form-control-sm"
    aria-label={props.label}
    placeholder={props.placeholder}
    maxLength={100}
    value={props.value ?? ''}
    onChange={(event) => props.onChange(event.currentTarget.value.trim() || undefined)}
  />
);
