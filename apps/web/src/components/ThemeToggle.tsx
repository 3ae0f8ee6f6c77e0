import type { Component } from 'solid-js';
import { For } from 'solid-js';
import type { ThemeChoice } from '../stores/theme';
import { setThemeChoice, theme, themeChoice } from '../stores/theme';
import { Dropdown } from './Dropdown';

const choices: { value: ThemeChoice; label: string; icon: string }[] = [
  { value: 'light', label: 'Light', icon: '☀' },
  { value: 'dark', label: 'Dark', icon: '☾' },
  { value: 'auto', label: 'Match the system', icon: '◐' },
];

/** The navbar's colour mode menu: light, dark, or the browser's preference (the default). */
export const ThemeToggle: Component = () => (
  <Dropdown
    as="li"
    alignEnd
    testId="theme-toggle"
    toggleLabel={`Colour mode: ${themeChoice() === 'auto' ? `system (${theme()})` : theme()}`}
    label={
      <>
        <span aria-hidden="true">{theme() === 'dark' ? '☾' : '☀'}</span>
        <span class="d-lg-none ms-2">Colour mode</span>
      </>
    }
  >
    <For each={choices}>
      {(option) => (
        <li>
          <button
            type="button"
            class="dropdown-item d-flex align-items-center gap-2"
            classList={{ active: themeChoice() === option.value }}
            aria-pressed={themeChoice() === option.value}
            onClick={() => setThemeChoice(option.value)}
            data-testid={`theme-${option.value}`}
          >
            <span aria-hidden="true" class="text-center" style={{ width: '1.25em' }}>
              {option.icon}
            </span>
            {option.label}
          </button>
        </li>
      )}
    </For>
  </Dropdown>
);
