import type { JSX, ParentComponent } from 'solid-js';
import { createSignal, onCleanup, onMount } from 'solid-js';
import { Dynamic } from 'solid-js/web';

export interface DropdownProps {
  /** The toggle's content. */
  label: JSX.Element;
  /** Toggle classes; a navbar link unless given. */
  toggleClass?: string;
  /** Open the menu to the left (for menus at the right edge). */
  alignEnd?: boolean;
  /** Wrapper element: `li` inside a `navbar-nav` list. */
  as?: 'li' | 'div';
  /** Marks the toggle as the current section (one of its items is the open page). */
  active?: boolean;
  testId?: string;
  /** Open the menu above the toggle (for toggles near the foot of the screen). */
  dropUp?: boolean;
  /** Extra classes of the menu (a width, padding for a form inside). */
  menuClass?: string;
  /** The toggle's accessible name, when its content is an icon. */
  toggleLabel?: string;
}

/**
 * A Bootstrap dropdown driven by Solid (no Bootstrap JS or Popper): the menu opens below its toggle
 * (`data-bs-popper="static"` positioning), closes on a choice, an outside click or Escape.
 * Fill it with `<li>`s holding `.dropdown-item`s.
 */
export const Dropdown: ParentComponent<DropdownProps> = (props) => {
  const [open, setOpen] = createSignal(false);
  let root: HTMLElement | undefined;
  let toggle: HTMLButtonElement | undefined;

  // One document listener closes the menu on a click outside it and on a chosen item (link or button).
  const onDocumentClick = (event: MouseEvent) => {
    if (!root || !(event.target instanceof Element)) return;
    const inside = root.contains(event.target);
    if (!inside || (event.target.closest('.dropdown-item') && !event.target.closest('.dropdown-toggle'))) {
      setOpen(false);
    }
  };
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === 'Escape' && open()) {
      setOpen(false);
      toggle?.focus();
    }
  };
  onMount(() => {
    document.addEventListener('click', onDocumentClick);
    document.addEventListener('keydown', onKeyDown);
  });
  onCleanup(() => {
    document.removeEventListener('click', onDocumentClick);
    document.removeEventListener('keydown', onKeyDown);
  });

  const content = () => (
    <>
      <button
        ref={toggle}
        type="button"
        class={`dropdown-toggle ${props.toggleClass ?? 'nav-link'}`}
        classList={{ show: open(), active: props.active }}
        aria-expanded={open()}
        aria-label={props.toggleLabel}
        onClick={() => setOpen(!open())}
        data-testid={props.testId}
      >
        {props.label}
      </button>
      <ul
        class={`dropdown-menu shadow ${props.menuClass ?? ''}`}
        classList={{ show: open(), 'dropdown-menu-end': props.alignEnd }}
        data-bs-popper="static"
        data-testid={props.testId ? `${props.testId}-menu` : undefined}
      >
        {props.children}
      </ul>
    </>
  );

  return (
    <Dynamic
      component={props.as ?? 'div'}
      class={`${props.as === 'li' ? 'nav-item ' : ''}${props.dropUp ? 'dropup' : 'dropdown'}`}
      ref={(element: HTMLElement) => (root = element)}
    >
      {content()}
    </Dynamic>
  );
};
