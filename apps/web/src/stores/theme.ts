/**
 * Light or dark (Bootstrap 5.3 colour modes): `data-bs-theme` on `<html>`. The choice is `auto` (follow the
 * browser's `prefers-color-scheme`, and its changes), `light` or `dark`, remembered in localStorage.
 */
import { createSignal } from 'solid-js';

export type ThemeChoice = 'auto' | 'light' | 'dark';
export type Theme = 'light' | 'dark';

const STORAGE_KEY = 'p4g-theme';

function stored(): ThemeChoice {
  try {
    const value = localStorage.getItem(STORAGE_KEY);
    return value === 'light' || value === 'dark' ? value : 'auto';
  } catch {
    return 'auto';
  }
}

const darkQuery =
  typeof window !== 'undefined' ? window.matchMedia('(prefers-color-scheme: dark)') : undefined;
const [choice, setChoiceSignal] = createSignal<ThemeChoice>(stored());
const [prefersDark, setPrefersDark] = createSignal(darkQuery?.matches ?? false);

export const themeChoice = choice;

/** The theme in force. */
export function theme(): Theme {
  const chosen = choice();
  if (chosen !== 'auto') return chosen;
  return prefersDark() ? 'dark' : 'light';
}

function apply() {
  document.documentElement.setAttribute('data-bs-theme', theme());
}

export function setThemeChoice(next: ThemeChoice) {
  setChoiceSignal(next);
  try {
    if (next === 'auto') localStorage.removeItem(STORAGE_KEY);
    else localStorage.setItem(STORAGE_KEY, next);
  } catch {
    // Private mode without storage: the choice lasts until the tab closes.
  }
  apply();
}

/** Applies the theme now (before the first paint) and follows the browser's preference while `auto`. */
export function startTheme() {
  apply();
  darkQuery?.addEventListener('change', (event) => {
    setPrefersDark(event.matches);
    apply();
  });
}
