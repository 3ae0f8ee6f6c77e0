import { CONSENT_WARNING_DAYS, consentStateOf } from '@phoenix4ge/shared';
import type { Component } from 'solid-js';
import { Match, Switch } from 'solid-js';
import { formatDateTime } from '../lib/format';

const daysLeft = (until: Date) => Math.max(0, Math.ceil((until.getTime() - Date.now()) / 86_400_000));

/**
 * The warning on a model's pages when its consent (model release) ends within CONSENT_WARNING_DAYS, or has ended:
 * from then on nothing of the model is public. Nothing when there is no end date or it is further away.
 */
export const ConsentBanner: Component<{ consentExpiresAt: Date | null; class?: string }> = (props) => (
  <Switch>
    <Match when={props.consentExpiresAt && consentStateOf(props.consentExpiresAt) === 'expired'}>
      <div
        class={`alert alert-danger mb-0 ${props.class ?? ''}`}
        role="alert"
        data-testid="consent-banner"
        data-state="expired"
      >
        <strong>Consent expired</strong> on {formatDateTime(props.consentExpiresAt as Date)}: nothing of this
        model is public any more.
      </div>
    </Match>
    <Match when={props.consentExpiresAt && consentStateOf(props.consentExpiresAt) === 'expiring'}>
      <div
        class={`alert alert-warning mb-0 ${props.class ?? ''}`}
        role="alert"
        data-testid="consent-banner"
        data-state="expiring"
      >
        <strong>Consent expires in {daysLeft(props.consentExpiresAt as Date)} days</strong> (
        {formatDateTime(props.consentExpiresAt as Date)}): after that nothing of this model is public. Renew
        the release within {CONSENT_WARNING_DAYS} days to keep the portfolio online.
      </div>
    </Match>
  </Switch>
);

/** The same, as a badge for lists of models. */
export const ConsentBadge: Component<{ consentExpiresAt: Date | null }> = (props) => (
  <Switch>
    <Match when={props.consentExpiresAt && consentStateOf(props.consentExpiresAt) === 'expired'}>
      <span class="badge text-bg-danger ms-2" data-testid="consent-badge" data-state="expired">
        consent expired
      </span>
    </Match>
    <Match when={props.consentExpiresAt && consentStateOf(props.consentExpiresAt) === 'expiring'}>
      <span
        class="badge text-bg-warning ms-2"
        title={`Consent ends ${formatDateTime(props.consentExpiresAt as Date)}`}
        data-testid="consent-badge"
        data-state="expiring"
      >
        consent ends in {daysLeft(props.consentExpiresAt as Date)} d
      </span>
    </Match>
  </Switch>
);
