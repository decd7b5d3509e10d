import { expect, it, vi } from 'vitest';
import { runSpin } from '../../tools/spin.ts';
import { describeWithSpin } from '../support/spin.ts';

/**
 * The model check can fail: spin, on the approval clock's model (functions/workflow/model/approval-clock.pml), finds
 * each of the bugs the model can be switched to — the protocol with one of its conditions dropped — and passes the
 * same scenario as the code has it. Small scenarios, compiled without optimisation: seconds, not the whole
 * `npm run model-check`.
 */
describeWithSpin('model check of the approval clock protocol', () => {
  // gcc and an exhaustive search on a loaded 2-core machine: more than vitest's minute is a wait, not a failure.
  vi.setConfig({ testTimeout: 180_000 });

  // Scenario 1: a decision and a withdrawal race the deadline, with a crash anywhere (both kinds of item).
  it('passes the protocol as the code has it (scenario 1, exhaustively)', async () => {
    const result = await runSpin({ defines: ['SCENARIO=1'], optimize: 0 });
    expect(result.violation).toBeUndefined();
    expect(result.errors).toBe(0);
    expect(result.complete).toBe(true);
    expect(result.statesStored).toBeGreaterThan(100_000);
  });

  it('catches an unconditional expiry write: two outcomes, or an expiry before the deadline', async () => {
    const result = await runSpin({ defines: ['SCENARIO=1', 'BUG_UNCONDITIONAL_EXPIRY'], optimize: 0 });
    expect(result.errors).toBeGreaterThan(0);
    // ONE_OUTCOME's assertion (it names n_ontime) or NEVER_EARLY's (now >= c_deadline)
    expect(result.violation).toMatch(/assertion violated .*(n_ontime|now>=c_deadline)/);
    expect(result.trail).toContain('n_expiry = (n_expiry+1)');
  });

  // Scenario 7: a reconciler run settles the deadline alongside the clock's checkpoint, with a crash anywhere.
  it('catches an accountability record put without its condition: two records', async () => {
    const result = await runSpin({ defines: ['SCENARIO=7', 'BUG_UNCONDITIONAL_RECORD'], optimize: 0 });
    expect(result.errors).toBeGreaterThan(0);
    expect(result.violation).toMatch(/assertion violated .*records\[0\]\+records\[1\]\)<=1/);
  });

  it('catches the clock leaving the reconciler index before its record is written', async () => {
    const result = await runSpin({ defines: ['SCENARIO=7', 'BUG_CLOSE_BEFORE_RECORD'], optimize: 0 });
    expect(result.errors).toBeGreaterThan(0);
    // AGREE: an expiry that owes its record keeps its clock on openClocks (clockPending)
    expect(result.violation).toMatch(
      /assertion violated .*c_expired&&\(\(records\[0\]\+records\[1\]\)==0\)\)\)\|\|k_pending/,
    );
  });

  // Scenario 9 under TIMELY: a pause and its resume with a crash, the decision task renewed, a duplicate delivery; time
  // stops at TMAX = 2 for one reconciler run. The protocol as it was before the re-plan marker (the model's finding 2).
  it('catches a moved deadline without its re-plan marker: the execution waits on the paused plan past the new deadline', async () => {
    const result = await runSpin({ defines: ['SCENARIO=9', 'TIMELY', 'TMAX=2', 'NO_REPLAN_MARKER'], optimize: 0 });
    expect(result.errors).toBeGreaterThan(0);
    // TIMELY: a running execution's wait ends by the deadline of its ACCEPTED case
    expect(result.violation).toMatch(/assertion violated .*sleep_until<=c_deadline/);
    // The resume moved the deadline (its write is in the counterexample).
    expect(result.trail).toContain('c_deadline = (fd+(at-fp))');
  });
});
