/** What a claim needs of its cell. */
export interface NamedCell {
  requestUpdate(): void;
}

/** Connected cells by name, page-wide. */
const cellsByName = new Map<string, Set<NamedCell>>();

/**
 * One cell's hold on its name. Two cells with one name share a namespace, a
 * folder and a stored state, which is almost always a copy-and-paste slip
 * (cells that mean to share say so with `env`); a claim lets both cells say
 * so instead of mixing their state silently.
 */
export class NameClaim {
  #cell: NamedCell;
  #name: string | undefined;

  constructor(cell: NamedCell) {
    this.#cell = cell;
  }

  /** Whether another connected cell holds the same name. */
  get isShared(): boolean {
    return this.#name !== undefined && (cellsByName.get(this.#name)?.size ?? 0) > 1;
  }

  /** Moves the claim to `name`, or drops it (undefined, on disconnect). */
  set(name: string | undefined): void {
    if (name === this.#name) return;
    if (this.#name !== undefined) {
      const holders = cellsByName.get(this.#name)!;
      holders.delete(this.#cell);
      if (holders.size === 0) cellsByName.delete(this.#name);
      // The one left alone drops its warning.
      for (const holder of holders) holder.requestUpdate();
    }
    this.#name = name;
    if (name === undefined) return;
    const holders = cellsByName.get(name) ?? new Set();
    holders.add(this.#cell);
    cellsByName.set(name, holders);
    if (holders.size > 1) {
      console.warn(
        `${holders.size} <py-state-runner> cells are named "${name}": they share one namespace, one folder and one stored state. Give each cell its own name, or the same env on purpose.`,
      );
      for (const holder of holders) holder.requestUpdate();
    }
  }
}
