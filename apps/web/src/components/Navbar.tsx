import { A, useIsRouting, useLocation } from '@solidjs/router';
import type { Component } from 'solid-js';
import { createEffect, createSignal, For, on, Show } from 'solid-js';
import type { SignedInUser } from '../api/auth';
import { useIncidentCounts } from '../api/incidents';
import { roleOf, useModels } from '../api/models';
import { modelHref, useCurrentModelSlug } from '../stores/current-model';
import { Dropdown } from './Dropdown';
import { ModelSwitcher } from './ModelSwitcher';
import { ThemeToggle } from './ThemeToggle';
import { UserMenu } from './UserMenu';

/**
 * Pages only admins can open (the api refuses everyone else anyway), grouped in one "Admin" menu so the navbar
 * fits on a laptop and has room for the model pages still to come.
 */
const adminLinks = [
  { href: '/moderation', label: 'Moderation (all models)', testId: 'nav-moderation-all' },
  { href: '/analytics', label: 'Analytics (all models)', testId: 'nav-analytics-all' },
  { href: '/models', label: 'Models', testId: 'nav-models' },
  { href: '/users', label: 'Users', testId: 'nav-users' },
  { href: '/api-keys', label: 'API keys', testId: 'nav-api-keys' },
  { href: '/audit', label: 'Audit log', testId: 'nav-audit' },
  { href: '/security', label: 'Security events', testId: 'nav-security' },
  { href: '/jobs', label: 'Jobs', testId: 'nav-jobs' },
  { href: '/incidents', label: 'Security incidents', testId: 'nav-incidents' },
];

/** The number of open incidents, as a badge (nothing while there are none). */
const OpenBadge: Component<{ count: number | undefined; testId?: string }> = (props) => (
  <Show when={props.count}>
    {(count) => (
      <span class="badge rounded-pill text-bg-danger ms-1" data-testid={props.testId}>
        {count()}
        <span class="visually-hidden"> open incidents</span>
      </span>
    )}
  </Show>
);

/**
 * The signed-in navbar: the model switcher and the current model's pages, the admin pages, Status, and the
 * user menu. Below `lg` the links fold behind a toggler.
 */
export const Navbar: Component<{ user: SignedInUser }> = (props) => {
  const models = useModels();
  // `latest` data without suspending: the navbar paints at once and fills the switcher when the list arrives.
  const current = useCurrentModelSlug(() => (models.isSuccess ? models.data : undefined));
  // Moderation is for the current model's editors and admins (admins are `admin` on every model).
  const canModerate = () => {
    const list = models.isSuccess ? models.data : undefined;
    const role = roleOf(list?.find((model) => model.slug === current.slug()));
    return role === 'admin' || role === 'editor';
  };
  const incidents = useIncidentCounts(() => props.user.isAdmin);
  const openIncidents = () => incidents.data?.open;
  const routing = useIsRouting();
  const [expanded, setExpanded] = createSignal(false);
  // The folded menu closes once a link in it was followed.
  const location = useLocation();
  createEffect(
    on(
      () => location.pathname,
      () => setExpanded(false),
      { defer: true },
    ),
  );
  const onAdminPage = () => adminLinks.some((link) => location.pathname.startsWith(link.href));

  return (
    <header>
      <nav class="navbar navbar-expand-lg bg-dark border-bottom" data-bs-theme="dark" aria-label="Main">
        <div class="container-fluid px-lg-4">
          <A href="/" class="navbar-brand fw-semibold d-flex align-items-center gap-2">
            phoenix4ge
            <span class="fw-normal text-body-secondary small d-none d-xl-inline">Media Library</span>
            <span
              class="spinner-border spinner-border-sm text-secondary"
              classList={{ invisible: !routing() }}
              role="status"
              aria-hidden={!routing()}
            >
              <span class="visually-hidden">Loading page</span>
            </span>
          </A>
          <button
            class="navbar-toggler"
            type="button"
            aria-controls="main-navigation"
            aria-expanded={expanded()}
            aria-label="Toggle navigation"
            onClick={() => setExpanded(!expanded())}
          >
            <span class="navbar-toggler-icon" />
          </button>
          <div class="collapse navbar-collapse" classList={{ show: expanded() }} id="main-navigation">
            <ul class="navbar-nav me-auto align-items-lg-center">
              <ModelSwitcher
                models={models.isSuccess ? models.data : undefined}
                loading={models.isPending}
                currentSlug={current.slug()}
                section={current.section()}
                isAdmin={props.user.isAdmin}
              />
              <Show when={current.slug()}>
                {(slug) => (
                  <>
                    <li class="nav-item">
                      <A href={modelHref(slug(), 'library')} class="nav-link" data-testid="nav-library">
                        Library
                      </A>
                    </li>
                    <Show when={canModerate()}>
                      <li class="nav-item">
                        <A
                          href={modelHref(slug(), 'moderation')}
                          class="nav-link"
                          data-testid="nav-moderation"
                        >
                          Moderation
                        </A>
                      </li>
                    </Show>
                    <li class="nav-item">
                      <A href={modelHref(slug(), 'analytics')} class="nav-link" data-testid="nav-analytics">
                        Analytics
                      </A>
                    </li>
                    <li class="nav-item">
                      <A href={modelHref(slug(), 'members')} class="nav-link" data-testid="nav-members">
                        Members
                      </A>
                    </li>
                  </>
                )}
              </Show>
              <Show when={props.user.isAdmin}>
                <li class="nav-item d-none d-lg-block" aria-hidden="true">
                  <div class="vr mx-2 h-100 text-secondary" />
                </li>
                <Dropdown
                  as="li"
                  label={
                    <>
                      Admin
                      <OpenBadge count={openIncidents()} testId="nav-incidents-badge" />
                    </>
                  }
                  active={onAdminPage()}
                  testId="nav-admin"
                >
                  <For each={adminLinks}>
                    {(link) => (
                      <li>
                        <A href={link.href} class="dropdown-item" data-testid={link.testId}>
                          {link.label}
                          <Show when={link.href === '/incidents'}>
                            <OpenBadge count={openIncidents()} />
                          </Show>
                        </A>
                      </li>
                    )}
                  </For>
                </Dropdown>
              </Show>
              <li class="nav-item">
                <A href="/status" class="nav-link" data-testid="nav-status">
                  Status
                </A>
              </li>
            </ul>
            <ul class="navbar-nav">
              <ThemeToggle />
              <UserMenu user={props.user} />
            </ul>
          </div>
        </div>
      </nav>
    </header>
  );
};
