import type { RouteSectionProps } from '@solidjs/router';
import { A } from '@solidjs/router';
import type { Component } from 'solid-js';
import { For, Suspense } from 'solid-js';
import { LoadingSpinner } from './components/LoadingSpinner';

/** Top navigation; Library, Moderation, Models and Audit join Status as their pages land. */
const navItems = [{ href: '/status', label: 'Status' }];

/** The shell around every page: navbar, then the routed page inside `<Suspense>` for lazy pages. */
export const App: Component<RouteSectionProps> = (props) => (
  <>
    <header>
      <nav class="navbar navbar-expand bg-dark border-bottom" data-bs-theme="dark" aria-label="Main">
        <div class="container flex-wrap">
          <A href="/" class="navbar-brand fw-semibold">
            phoenix4ge Media Library
          </A>
          <ul class="navbar-nav flex-wrap">
            <For each={navItems}>
              {(item) => (
                <li class="nav-item">
                  <A href={item.href} class="nav-link">
                    {item.label}
                  </A>
                </li>
              )}
            </For>
          </ul>
        </div>
      </nav>
    </header>
    <main>
      <Suspense
        fallback={
          <div class="container">
            <LoadingSpinner label="Loading…" />
          </div>
        }
      >
        {props.children}
      </Suspense>
    </main>
  </>
);
