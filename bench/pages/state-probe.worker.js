// The cell's real worker (dist/py-state-runner.worker.js) with timers around the built-ins and
// file-system calls it makes, for state.html?probe. Each response the worker posts is followed by
// a report on the BroadcastChannel "state-probe": where that request's time went.
import './state-probe/patches.js';
import '/dist/py-state-runner.worker.js';
