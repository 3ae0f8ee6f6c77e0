/* @refresh reload */
import 'bootstrap/dist/css/bootstrap.min.css';
import './app.css';
import { Router } from '@solidjs/router';
import { QueryClientProvider } from '@tanstack/solid-query';
import { render } from 'solid-js/web';
import { App } from './app';
import { queryClient } from './lib/query-client';
import { routes } from './routes';
import { startTheme } from './stores/theme';

// Before the first render, so a dark page never flashes light.
startTheme();

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');

render(
  () => (
    <QueryClientProvider client={queryClient}>
      <Router root={App}>{routes}</Router>
    </QueryClientProvider>
  ),
  root,
);
