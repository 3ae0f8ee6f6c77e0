import type { JSX, ParentComponent } from 'solid-js';

/** The centred card of the pages outside the app: setup and sign-in. */
export const AuthCard: ParentComponent<{ title: JSX.Element; subtitle: JSX.Element; testId?: string }> = (
  props,
) => (
  <main class="container py-5" data-testid={props.testId}>
    <div class="row justify-content-center">
      <div class="col-sm-10 col-md-7 col-lg-5 col-xl-4">
        <div class="text-center mb-4">
          <div class="h4 fw-semibold mb-0">phoenix4ge</div>
          <div class="text-body-secondary">Media Library</div>
        </div>
        <div class="card shadow-sm">
          <div class="card-body p-4">
            <h1 class="h4 mb-1">{props.title}</h1>
            <p class="text-body-secondary small mb-4">{props.subtitle}</p>
            {props.children}
          </div>
        </div>
      </div>
    </div>
  </main>
);
