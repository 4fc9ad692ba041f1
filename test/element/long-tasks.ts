/** Main-thread tasks longer than this freeze the page for the reader (RAIL: respond within 100 ms). */
const LONG_TASK_MS = 100;

/**
 * Runs `action` and gives the durations of the main-thread tasks over
 * 100 ms while it ran (a PerformanceObserver of `longtask` entries). A test
 * asserts that the list is empty: a count, not a time.
 */
export async function longTasksDuring<T>(
  action: () => Promise<T>,
): Promise<{ value: T; longTasks: number[] }> {
  const durations: number[] = [];
  const observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) durations.push(entry.duration);
  });
  observer.observe({ type: 'longtask' });
  try {
    const value = await action();
    // Entries arrive after their task ended: let two frames pass, then take what is left.
    for (let frame = 0; frame < 2; frame += 1) {
      await new Promise((resolve) => requestAnimationFrame(resolve));
    }
    for (const entry of observer.takeRecords()) durations.push(entry.duration);
    return { value, longTasks: durations.filter((duration) => duration > LONG_TASK_MS) };
  } finally {
    observer.disconnect();
  }
}
