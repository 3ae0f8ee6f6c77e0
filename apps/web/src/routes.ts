import type { RouteDefinition } from '@solidjs/router';
import { Navigate } from '@solidjs/router';
import { lazy } from 'solid-js';
import { preloadStatus } from './pages/status/status.data';

/** Every page, lazily loaded. Add Library, Moderation, Models and Audit here (and a link in ./app.tsx). */
export const routes: RouteDefinition[] = [
  {
    path: '/',
    // Calling the component directly is what `<Navigate href="/status" />` compiles to.
    component: () => Navigate({ href: '/status' }),
  },
  {
    path: '/status',
    component: lazy(() => import('./pages/status/StatusPage')),
    preload: preloadStatus,
  },
  {
    path: '*404',
    component: lazy(() => import('./pages/not-found/NotFoundPage')),
  },
];
