/** Rows turned into file text per task: between slices the page handles input and paints. */
export const ROWS_PER_TASK = 500;

/** Ends the current task, so the page can handle input and paint before the next slice of work. */
export function yieldToPage(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}
