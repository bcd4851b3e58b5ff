'use strict';
/**
 * Mocha reporter: the built-in Spec reporter, followed by one plain closing
 * line `N passed, N failed` (no colours), so that the outcome of a run can
 * be read from its last line.
 *
 * Used through package.json: "mocha": { "reporter": "./test/support/summary-reporter.cjs" }.
 */
const Mocha = require('mocha');

const { Base, Spec } = Mocha.reporters;
const { EVENT_RUN_END } = Mocha.Runner.constants;

class SummaryReporter extends Spec {
  /**
   * @param {import('mocha').Runner} runner
   * @param {import('mocha').MochaOptions} [options]
   */
  constructor(runner, options) {
    super(runner, options);
    // Registered after Spec's own EVENT_RUN_END listener (which prints the
    // epilogue), so this line comes last.
    runner.once(EVENT_RUN_END, () => {
      const stats = runner.stats || this.stats || {};
      const passes = stats.passes || 0;
      const failures = stats.failures || 0;
      Base.consoleLog(`${passes} passed, ${failures} failed`);
    });
  }
}

SummaryReporter.description = 'spec, then a final "N passed, N failed" line';

module.exports = SummaryReporter;
