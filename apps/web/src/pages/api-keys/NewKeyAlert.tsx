import type { Component } from 'solid-js';
import { createSignal, onMount, Show } from 'solid-js';
import type { CreatedApiKey } from '../../api/api-keys';
import { focusWhenShown } from '../../lib/forms';

/** The new key, shown once: a read-only field to copy from and a clear warning that it will not come back. */
export const NewKeyAlert: Component<{ created: CreatedApiKey; onDone: () => void }> = (props) => {
  const [copied, setCopied] = createSignal(false);
  let field: HTMLInputElement | undefined;
  onMount(() => {
    focusWhenShown(field);
    field?.select();
  });

  const copy = async () => {
    try {
      await navigator.clipboard.writeText(props.created.key);
    } catch {
      // No clipboard access (an insecure origin, a denied permission): select it for Ctrl+C instead.
      field?.select();
      document.execCommand('copy');
    }
    setCopied(true);
  };

  return (
    <div class="alert alert-warning shadow-sm" role="alert" data-testid="new-api-key">
      <h2 class="h5 alert-heading">Copy the key for "{props.created.name}" now</h2>
      <p class="mb-2">
        This is the only time it is shown; only a hash is stored. If you lose it, revoke it and create a new
        one.
      </p>
      <div class="input-group mb-2">
        <input
          ref={field}
          type="text"
          class="form-control font-monospace"
          readonly
          value={props.created.key}
          aria-label="The new API key"
          onFocus={(event) => event.currentTarget.select()}
          data-testid="new-api-key-value"
        />
        <button type="button" class="btn btn-dark" onClick={() => void copy()} data-testid="new-api-key-copy">
          <Show when={copied()} fallback="Copy">
            Copied
          </Show>
        </button>
      </div>
      <button type="button" class="btn btn-outline-dark btn-sm" onClick={() => props.onDone()}>
        I have stored it
      </button>
    </div>
  );
};
