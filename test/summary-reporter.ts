/**
 * Prints one plain closing line, `N passed, N failed, N skipped`, after vitest's own summary, and lists
 * every skipped test with its reason so a skip is never mistaken for a pass.
 */
import type { Reporter, TestModule } from 'vitest/node';

export default class SummaryReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>, unhandledErrors: ReadonlyArray<unknown>): void {
    let passed = 0;
    let failed = 0;
    const skipped: string[] = [];
    for (const module of testModules) {
      for (const test of module.children.allTests()) {
        const result = test.result();
        if (result.state === 'passed') passed++;
        else if (result.state === 'failed') failed++;
        else if (result.state === 'skipped') skipped.push(`  skipped: ${module.moduleId.split('/test/').pop()} > ${test.fullName}${result.note ? ` (${result.note})` : ''}`);
      }
      if (module.state() === 'failed' && [...module.children.allTests()].length === 0) failed++;
    }
    failed += unhandledErrors.length;
    const lines = [...skipped, `${passed} passed, ${failed} failed, ${skipped.length} skipped`];
    process.stdout.write(`\n${lines.join('\n')}\n`);
  }
}
