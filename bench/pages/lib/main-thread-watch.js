// What the reader of the page would feel during an operation: the longest gap between animation
// frames (a frozen page stops painting) and the long tasks (over 50 ms) the main thread ran.

// Recorded from the page's start; each watch picks those that overlap it.
const longTasks = [];
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) {
    longTasks.push({ startTime: entry.startTime, duration: entry.duration });
  }
}).observe({ type: 'longtask', buffered: false });

// Work the operation leaves behind (a re-render after the promise settled) still counts.
const TAIL_MS = 100;
const wait = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const nextFrame = () => new Promise((resolve) => requestAnimationFrame(resolve));

/**
 * Runs `action` and watches the main thread meanwhile and for {@link TAIL_MS} after.
 * @template T
 * @param {() => Promise<T>} action
 * @returns {Promise<{ ms: number, value: T, frames: number, longestFrameGapMs: number,
 *   longTasks: { count: number, maxMs: number, totalMs: number,
 *     tasks: { atMs: number, durationMs: number }[] } }>}
 */
export async function watchMainThread(action) {
  // Frame gaps are counted from a frame, so the first gap is not the wait for the first frame.
  let last = await nextFrame();
  let frames = 0;
  let longestFrameGapMs = 0;
  let isWatching = true;
  const tick = (now) => {
    longestFrameGapMs = Math.max(longestFrameGapMs, now - last);
    last = now;
    frames += 1;
    if (isWatching) requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
  // Started in a task of the page's own: Chromium reports no long task for the task of a DevTools
  // evaluate, which is where the bench's calls arrive.
  const { started, ended, value } = await new Promise((resolve, reject) => {
    setTimeout(async () => {
      const started = performance.now();
      try {
        const value = await action();
        resolve({ started, ended: performance.now(), value });
      } catch (error) {
        reject(error);
      }
    });
  });
  // Observers deliver entries asynchronously, after the task ended; the tail's frames count too.
  await wait(TAIL_MS + 50);
  isWatching = false;
  const seen = longTasks.filter(
    (task) => task.startTime < ended + TAIL_MS && task.startTime + task.duration > started,
  );
  const durations = seen.map((task) => task.duration);
  return {
    ms: ended - started,
    value,
    frames,
    longestFrameGapMs,
    longTasks: {
      count: seen.length,
      maxMs: durations.length ? Math.max(...durations) : 0,
      totalMs: durations.reduce((sum, ms) => sum + ms, 0),
      tasks: seen.map((task) => ({ atMs: task.startTime - started, durationMs: task.duration })),
    },
  };
}

/** A busy main thread must show up as a long task and a frame gap, or the figures mean nothing. */
export async function checkWatcher() {
  const result = await watchMainThread(async () => {
    await nextFrame();
    const until = performance.now() + 120;
    while (performance.now() < until) {}
  });
  return { longTaskMs: result.longTasks.maxMs, longestFrameGapMs: result.longestFrameGapMs };
}
