import type { ReactiveController, ReactiveControllerHost } from 'lit';
import {
  decodeShareFragment,
  encodeShareFragment,
  isShareFragment,
  shareFragmentName,
} from '../../state/share-link.js';
import type { LoadSource } from '../state-actions-controller.js';

/** What the controller needs of the element and its state actions. */
export interface ShareHost extends ReactiveControllerHost, HTMLElement {
  readonly name: string;
}

export interface ShareActions {
  /** The cell's state file, as `saveState()` gives it. */
  save(): Promise<Blob>;
  /** Loads a state file through the one validated, all-or-nothing import path. */
  load(file: Blob, source: LoadSource): Promise<void>;
  /** The largest sum of file sizes a state file may hold. */
  maxStateBytes(): number;
  /** Shows an outcome in the cell's message line. */
  say(kind: 'info' | 'error', text: string): void;
  /** Shows an error in the message line and fires `state-error`. */
  fail(error: Error): void;
}

/** A share link addressed to this cell, waiting for the reader's answer. */
export interface SharedOffer {
  /** The fragment, without `#`. */
  fragment: string;
  /** Why the link could not be loaded, once Load shared state was tried. */
  error?: string;
  /** Load shared state is under way. */
  isLoading: boolean;
}

/**
 * Share links, both ways: makes a link whose fragment carries the cell's
 * state (copied to the clipboard, else shown to be copied by hand), and
 * offers a link opened on this page to the cell it names. Opening a link
 * never replaces anything by itself: the reader chooses Load or Dismiss.
 */
export class ShareController implements ReactiveController {
  #host: ShareHost;
  #actions: ShareActions;
  #onHashChange = () => this.#readLocation();

  /** The link offered to the reader to copy by hand, when the clipboard refused it. */
  shownLink: string | undefined;
  /** A link opened on this page for this cell. */
  offer: SharedOffer | undefined;

  constructor(host: ShareHost, actions: ShareActions) {
    this.#host = host;
    this.#actions = actions;
    host.addController(this);
  }

  hostConnected(): void {
    window.addEventListener('hashchange', this.#onHashChange);
    this.#readLocation();
  }

  hostDisconnected(): void {
    window.removeEventListener('hashchange', this.#onHashChange);
  }

  /**
   * A link to this page whose fragment carries the cell's state file,
   * compressed. Rejects with a `StateFileError` (`too-large`) when it would
   * pass the limit, and says to use Save instead.
   */
  async link(): Promise<string> {
    // save() reports its own failures; only the link's are reported here.
    const stateFile = await this.#actions.save();
    try {
      const fragment = await encodeShareFragment(this.#host.name, stateFile);
      return `${location.href.split('#')[0]}#${fragment}`;
    } catch (error) {
      this.#actions.fail(error as Error);
      throw error;
    }
  }

  /** Makes the link and copies it; where the clipboard refuses, shows it selected instead. */
  async copy(): Promise<void> {
    this.shownLink = undefined;
    const link = await this.link();
    try {
      await navigator.clipboard.writeText(link);
      this.#actions.say('info', `Copied a link to this cell's state (${link.length} characters).`);
    } catch (error) {
      // No clipboard (insecure page, no permission): the reader copies it by hand.
      this.shownLink = link;
      this.#actions.say(
        'info',
        `Could not copy the link (${(error as Error).message}); select it below and copy it.`,
      );
      this.#focusAfterUpdate('.share-link');
    }
  }

  /** Hides the link shown to copy by hand. */
  hideLink(): void {
    this.shownLink = undefined;
    this.#host.requestUpdate();
  }

  /** Validates the offered link exactly as `loadState` does, then loads it; a damaged one changes nothing. */
  async loadShared(): Promise<void> {
    const offer = this.offer;
    if (offer === undefined || offer.isLoading) return;
    offer.isLoading = true;
    offer.error = undefined;
    this.#host.requestUpdate();
    let file: Blob;
    try {
      const shared = await decodeShareFragment(offer.fragment, {
        maxTotalBytes: this.#actions.maxStateBytes(),
      });
      file = shared.file;
    } catch (error) {
      this.#refused(offer, error as Error);
      this.#actions.fail(error as Error);
      return;
    }
    try {
      await this.#actions.load(file, { kind: 'share-link' });
    } catch (error) {
      // load() has reported its refusal already, in the message line and as state-error.
      this.#refused(offer, error as Error);
      return;
    }
    this.#close();
  }

  /** Leaves the cell as it is and forgets the link. */
  dismiss(): void {
    this.#close();
    this.#focusAfterUpdate('[part~=share-button]');
  }

  #close(): void {
    const offer = this.offer;
    this.offer = undefined;
    // A reload should not offer the same link again.
    if (offer && location.hash.slice(1) === offer.fragment) {
      history.replaceState(history.state, '', location.href.split('#')[0]);
    }
    this.#host.requestUpdate();
  }

  #refused(offer: SharedOffer, error: Error): void {
    offer.isLoading = false;
    offer.error = `This link cannot be loaded, so nothing was changed: ${error.message}`;
    this.#host.requestUpdate();
  }

  #readLocation(): void {
    const hash = location.hash;
    if (!isShareFragment(hash) || shareFragmentName(hash) !== this.#host.name) return;
    const fragment = hash.slice(1);
    if (this.offer?.fragment === fragment) return;
    this.offer = { fragment, isLoading: false };
    this.#host.requestUpdate();
  }

  #focusAfterUpdate(selector: string): void {
    void this.#host.updateComplete.then(() =>
      this.#host.shadowRoot?.querySelector<HTMLElement>(selector)?.focus(),
    );
  }
}
