import { config } from './web-test-runner.config.mjs';

/** The same tests' setup, served cross-origin isolated (COOP/COEP), for interrupt-based Stop. */
export default config({ isolated: true });
