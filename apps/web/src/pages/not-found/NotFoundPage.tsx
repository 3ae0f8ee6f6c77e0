import { A, useLocation } from '@solidjs/router';
import type { Component } from 'solid-js';

const NotFoundPage: Component = () => {
  const location = useLocation();

  return (
    <div class="container py-5" data-testid="not-found">
      <h1 class="h3">Page not found</h1>
      <p class="text-body-secondary">
        Nothing lives at <code>{location.pathname}</code>.
      </p>
      <A href="/" class="btn btn-primary">
        Go to your models
      </A>
    </div>
  );
};

export default NotFoundPage;
