import type { Component } from 'solid-js';
import { createEffect, createSignal, on, Show } from 'solid-js';
import { useSetConsent } from '../../api/publication';
import { ConsentBanner } from '../../components/ConsentNotice';
import { FormError } from '../../components/FormError';
import { useCurrentModel } from '../../layouts/ModelLayout';
import { fromDateTimeInput, toDateInput } from '../../lib/datetime-input';
import { showToast } from '../../stores/toasts';

/**
 * The model's consent (model release) expiry: after that day nothing of the model is public (its image URLs die).
 * A date in the browser's time zone; the consent ends at the start of that day. Cleared: no end.
 */
export const ConsentCard: Component = () => {
  const current = useCurrentModel();
  const setConsent = useSetConsent(() => current.model().slug);
  const [value, setValue] = createSignal('');
  createEffect(
    on(
      () => current.model().consentExpiresAt?.getTime(),
      () => setValue(toDateInput(current.model().consentExpiresAt)),
    ),
  );
  const unchanged = () => value() === toDateInput(current.model().consentExpiresAt);

  const save = async (next: string) => {
    const consentExpiresAt = next ? fromDateTimeInput(`${next}T00:00`) : null;
    await setConsent.mutateAsync(consentExpiresAt);
    showToast(consentExpiresAt ? 'Consent expiry saved' : 'Consent expiry cleared');
  };

  return (
    <section class="card shadow-sm" aria-labelledby="consent-title" data-testid="consent-card">
      <div class="card-body">
        <h2 class="h5 card-title" id="consent-title">
          Consent
        </h2>
        <p class="small text-body-secondary">
          When the model's release ends, nothing of theirs stays public. The admin warns two weeks before.
        </p>
        <ConsentBanner consentExpiresAt={current.model().consentExpiresAt} class="mb-3 small" />
        <form
          onSubmit={(event) => {
            event.preventDefault();
            void save(value()).catch(() => undefined);
          }}
        >
          <label class="form-label" for="consent-expires">
            Consent expires on
          </label>
          <input
            id="consent-expires"
            type="date"
            class="form-control mb-2"
            value={value()}
            onInput={(event) => setValue(event.currentTarget.value)}
            data-testid="consent-expires"
          />
          <div class="d-flex gap-2">
            <button
              type="submit"
              class="btn btn-primary btn-sm"
              disabled={unchanged() || setConsent.isPending}
              data-testid="consent-save"
            >
              Save
            </button>
            <Show when={current.model().consentExpiresAt}>
              <button
                type="button"
                class="btn btn-outline-secondary btn-sm"
                disabled={setConsent.isPending}
                onClick={() => void save('').catch(() => undefined)}
                data-testid="consent-clear"
              >
                No end
              </button>
            </Show>
          </div>
          <FormError error={setConsent.error} />
        </form>
      </div>
    </section>
  );
};
