import { html, nothing } from 'lit';
import type { ShareController } from './share-controller.js';

/**
 * The share lines under the toolbar: a link opened on this page offering a
 * state for this cell (Load shared state, Dismiss), and a link to copy by
 * hand when the clipboard refused it.
 */
export function renderShare(share: ShareController, name: string) {
  return html`${renderOffer(share, name)}${renderShownLink(share, name)}`;
}

function renderOffer(share: ShareController, name: string) {
  const offer = share.offer;
  if (!offer) return nothing;
  return html`
    <div class="share-offer" part="share-offer" role="region" aria-label="Shared state for ${name}">
      <span>
        <strong>Shared state for ${name}</strong>: the link you opened carries files and code for
        this cell. Loading it replaces the cell's files and code; nothing changes until you choose.
      </span>
      <button
        part="button load-shared-button"
        ?disabled=${offer.isLoading}
        @click=${() => void share.loadShared()}
      >
        Load shared state
      </button>
      <button part="button dismiss-shared-button" @click=${() => share.dismiss()}>Dismiss</button>
      ${offer.error ? html`<p class="share-error" role="alert">${offer.error}</p>` : nothing}
    </div>
  `;
}

function renderShownLink(share: ShareController, name: string) {
  const link = share.shownLink;
  if (link === undefined) return nothing;
  return html`
    <div class="share-link-box">
      <label>
        Link to the state of ${name}
        <input
          class="share-link"
          part="share-link"
          readonly
          .value=${link}
          @focus=${(event: FocusEvent) => (event.target as HTMLInputElement).select()}
        />
      </label>
      <button
        part="button dismiss-button"
        class="dismiss"
        aria-label="Hide the link"
        title="Hide"
        @click=${() => share.hideLink()}
      >
        ×
      </button>
    </div>
  `;
}
