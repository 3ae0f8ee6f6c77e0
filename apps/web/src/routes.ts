import type { RouteDefinition } from '@solidjs/router';
import { Navigate } from '@solidjs/router';
import { lazy } from 'solid-js';
import SignedInLayout from './layouts/SignedInLayout';
import { preloadStatus } from './pages/status/status.data';

/** One page for a model's queue and every model's (admins). */
const ModerationPage = lazy(() => import('./pages/moderation/ModerationPage'));

/**
 * Every page, lazily loaded. `/setup` and `/login` stand alone; everything else needs a signed-in user
 * (layouts/SignedInLayout.tsx), and `/m/:modelSlug/...` pages also need access to that model
 * (layouts/ModelLayout.tsx). Add a page here and its link in components/Navbar.tsx.
 */
export const routes: RouteDefinition[] = [
  { path: '/setup', component: lazy(() => import('./pages/auth/SetupPage')) },
  { path: '/login', component: lazy(() => import('./pages/auth/LoginPage')) },
  {
    path: '/',
    component: SignedInLayout,
    children: [
      { path: '/', component: lazy(() => import('./pages/home/HomePage')) },
      {
        path: '/m/:modelSlug',
        component: lazy(() => import('./layouts/ModelLayout')),
        children: [
          // Calling the component directly is what `<Navigate href="library" />` compiles to.
          { path: '/', component: () => Navigate({ href: 'library' }) },
          { path: '/library', component: lazy(() => import('./pages/library/LibraryPage')) },
          { path: '/moderation', component: ModerationPage },
          { path: '/members', component: lazy(() => import('./pages/members/MembersPage')) },
          // Lazy like every page, which keeps Chart.js out of the main bundle.
          { path: '/analytics', component: lazy(() => import('./pages/analytics/AnalyticsPage')) },
          { path: '/settings', component: lazy(() => import('./pages/models/ModelSettingsPage')) },
        ],
      },
      { path: '/moderation', component: ModerationPage },
      { path: '/analytics', component: lazy(() => import('./pages/analytics/AllModelsAnalyticsPage')) },
      { path: '/models', component: lazy(() => import('./pages/models/ModelsPage')) },
      { path: '/users', component: lazy(() => import('./pages/users/UsersPage')) },
      { path: '/api-keys', component: lazy(() => import('./pages/api-keys/ApiKeysPage')) },
      { path: '/audit', component: lazy(() => import('./pages/audit/AuditLogPage')) },
      { path: '/security', component: lazy(() => import('./pages/audit/SecurityEventsPage')) },
      { path: '/jobs', component: lazy(() => import('./pages/jobs/JobsPage')) },
      { path: '/incidents/:id?', component: lazy(() => import('./pages/incidents/IncidentsPage')) },
      { path: '/account/password', component: lazy(() => import('./pages/account/ChangePasswordPage')) },
      {
        path: '/status',
        component: lazy(() => import('./pages/status/StatusPage')),
        preload: preloadStatus,
      },
      { path: '*404', component: lazy(() => import('./pages/not-found/NotFoundPage')) },
    ],
  },
];
