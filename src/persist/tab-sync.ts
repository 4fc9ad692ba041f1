/**
 * Tabs tell each other about saves: "key K saved revision R by tab T", over
 * a BroadcastChannel (same origin, page or worker). A tab that hears of a
 * newer revision than the one it holds knows its state is stale before it
 * saves; the store's revision check is the guard, this is the early notice.
 */

/** The message every tab sends after a committed save. */
export interface SavedMessage {
  type: 'saved';
  key: string;
  revision: number;
  /** The id of the tab that saved. */
  tab: string;
}

/** The default channel name; tests pass their own. */
export const DEFAULT_CHANNEL_NAME = 'py-state-runner:saves';

type Listener = (message: SavedMessage) => void;

/** One tab's end of the save announcements. */
export class TabSync {
  /** This tab's id, sent with each announcement and used to ignore its own. */
  readonly tab: string;
  /** The BroadcastChannel name. */
  readonly channelName: string;
  #channel: BroadcastChannel;
  #listeners = new Set<Listener>();
  #latest = new Map<string, number>();

  constructor(channelName = DEFAULT_CHANNEL_NAME, tab: string = crypto.randomUUID()) {
    this.tab = tab;
    this.channelName = channelName;
    this.#channel = new BroadcastChannel(channelName);
    this.#channel.onmessage = (event: MessageEvent<unknown>) => this.#receive(event.data);
  }

  /** Tells the other tabs that `key` is now at `revision`. */
  announce(key: string, revision: number): void {
    this.#note(key, revision);
    this.#channel.postMessage({
      type: 'saved',
      key,
      revision,
      tab: this.tab,
    } satisfies SavedMessage);
  }

  /** Calls `listener` for each save another tab announces; returns the unsubscribe function. */
  onSaved(listener: Listener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** The newest revision of `key` this tab heard of (its own saves included), 0 if none. */
  latestRevision(key: string): number {
    return this.#latest.get(key) ?? 0;
  }

  /** Whether another tab announced a revision of `key` newer than `revision`. */
  isStale(key: string, revision: number): boolean {
    return this.latestRevision(key) > revision;
  }

  /** Stops listening and sending. */
  close(): void {
    this.#channel.close();
    this.#listeners.clear();
  }

  #receive(data: unknown): void {
    if (!isSavedMessage(data)) {
      // Another build of the component on the same origin may speak a newer dialect.
      console.warn(
        'py-state-runner: ignored a message on the save channel that it does not know',
        data,
      );
      return;
    }
    if (data.tab === this.tab) return;
    this.#note(data.key, data.revision);
    for (const listener of this.#listeners) listener(data);
  }

  #note(key: string, revision: number): void {
    if (revision > this.latestRevision(key)) this.#latest.set(key, revision);
  }
}

function isSavedMessage(data: unknown): data is SavedMessage {
  if (typeof data !== 'object' || data === null) return false;
  const message = data as SavedMessage;
  return (
    message.type === 'saved' &&
    typeof message.key === 'string' &&
    Number.isSafeInteger(message.revision) &&
    typeof message.tab === 'string'
  );
}
