import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { beforeAll, expect, it } from 'vitest';
import { repoRoot } from '../../lib/repo-root.ts';
import { applicationFor } from '../support/applications.ts';
import {
  browserSuite,
  describeInBrowser,
  expectAccessible,
  horizontalOverflow,
  NARROW,
  openPage,
  signIn,
  WIDE,
} from '../support/browser.ts';
import { RuntimeProcess } from '../support/runtime.ts';

/** The ApprovalClock as CDK renders it (docs/state-machines/, kept equal to the synth by test/cdk): every state, nested ones too. */
const approvalClockAsl = JSON.parse(
  readFileSync(join(repoRoot, 'docs/state-machines/ApprovalClock.asl.json'), 'utf8'),
) as Machine;
interface Machine {
  readonly States: Record<string, { readonly Branches?: readonly Machine[] }>;
}
const statesOf = (m: Machine): number =>
  Object.values(m.States).reduce(
    (n, s) => n + 1 + (s.Branches ?? []).reduce((b, branch) => b + statesOf(branch), 0),
    0,
  );

// The local execution console, as the "Done when" has it: a case's clock found on /console by the case id,
// its graph with the state it waits in, and — once the simulated clock passes the deadline — the deemed approval in
// the graph: the execution succeeded, its final state highlighted. CONSOLE_SCREENSHOTS=<dir> keeps screenshots.

const START = '2026-09-28T10:00:00+08:00';
const runtime = new RuntimeProcess();
let caseId: string;
let deadline: string;

const shots = process.env.CONSOLE_SCREENSHOTS;
const shoot = async (page: Page, name: string) => {
  if (!shots) return;
  await page.screenshot({ path: `${shots}/${name}.png`, fullPage: true });
  const graph = page.locator('.console-graph-frame');
  if (await graph.count()) await graph.screenshot({ path: `${shots}/${name}-graph.png` });
};

/** A state's box in the graph, with how it fared. */
const stateBox = (page: Page, state: string) => page.locator(`svg.console-graph [data-state="${state}"]`);

describeInBrowser('the execution console', () => {
  const suite = browserSuite({ now: START }, runtime);
  beforeAll(async () => {
    const applicant = await runtime.token('applicant', { sub: 'applicant-console' });
    const catalog = await runtime.call('GET', '/v1/catalog');
    const item = (catalog.json.items as { code: string }[]).find((i) => i.code === 'SC-001');
    const created = await runtime.call('POST', '/v1/applications', {
      token: applicant,
      body: applicationFor(item as Parameters<typeof applicationFor>[0]),
    });
    expect(created.status, created.text).toBe(201);
    caseId = created.json.id;
    deadline = created.json.deadline;
  });

  it('zh, wide: finds the case’s execution by name, shows it waiting, then the deemed approval in the graph', async () => {
    const { page, context, errors } = await openPage(suite.browser, runtime, { viewport: WIDE });
    await signIn(page, { role: 'admin', sub: 'admin-console' });
    expect(new URL(page.url()).pathname).toBe('/console');
    await expect.poll(() => page.getByRole('link', { name: 'ApprovalClock', exact: true }).count()).toBe(1);
    await page.getByLabel('按名称（案件编号）查找').fill(caseId.slice(0, 16).toLowerCase());
    await page.getByLabel('状态').selectOption('RUNNING');
    await page.getByRole('button', { name: '查找' }).click();
    const row = page.locator(`tr[data-execution="${caseId}"]`);
    await expect.poll(() => row.count()).toBe(1);
    expect(await page.locator('tbody tr').count()).toBe(1);
    expect(await row.textContent()).toContain('运行中');
    await expectAccessible(page, 'console list');
    await shoot(page, 'console-list');

    await row.getByRole('link', { name: caseId }).click();
    await page.waitForURL(`**/console/executions/${caseId}**`);
    // Waiting: the clock sleeps until its next checkpoint while the decision waits for its token.
    const waiting = stateBox(page, 'WaitUntilCheckpoint');
    await expect.poll(() => waiting.getAttribute('data-status')).toBe('active');
    expect(await waiting.textContent()).toContain('进行中');
    expect(await stateBox(page, 'AwaitDecision').getAttribute('data-status')).toBe('active');
    expect(await stateBox(page, 'Checkpoint').getAttribute('data-status')).toBe('succeeded');
    expect(await stateBox(page, 'DeemedApproved').getAttribute('data-status')).toBe('none');
    expect(await page.getByTestId('console-where').textContent()).toContain('WaitUntilCheckpoint');
    const graphLabel = await page.locator('svg.console-graph').getAttribute('aria-label');
    expect(graphLabel).toContain('WaitUntilCheckpoint');
    // The history, with China-local times and the task token shortened.
    expect(await page.locator('table.console-history tbody tr').count()).toBeGreaterThanOrEqual(10);
    const started = page.locator('tr[data-event-type="ExecutionStarted"]');
    expect(await started.textContent()).toContain('2026/09/28 10:00:00');
    const scheduled = page.locator('tr[data-event-type="TaskScheduled"]');
    await scheduled.getByText('展开').click();
    expect(await scheduled.locator('pre').textContent()).toMatch(/"taskToken": "LSFN.{4}…"/);
    expect(await page.content()).not.toMatch(/LSFN[A-Za-z0-9_-]{16,}/);
    await expectAccessible(page, 'running execution');
    await shoot(page, 'console-execution-running');

    // The deadline passes on the simulated clock: the clock applies the deemed approval and the execution ends.
    await runtime.advance((Date.parse(deadline) - Date.parse(await runtime.now())) / 1000 + 1);
    const final = stateBox(page, 'DeemedApproved');
    await expect.poll(() => final.getAttribute('data-status'), { timeout: 10_000 }).toBe('succeeded');
    expect(await final.getAttribute('data-final')).toBe('true');
    expect(await final.textContent()).toContain('成功');
    expect(await stateBox(page, 'ClockAppliedDeemedApproval').getAttribute('data-status')).toBe('failed');
    expect(await stateBox(page, 'RaceDeadlineAgainstDecision').getAttribute('data-status')).toBe('caught');
    expect(await stateBox(page, 'AwaitDecision').getAttribute('data-status')).toBe('cancelled');
    expect(await stateBox(page, 'WaitUntilCheckpoint').getAttribute('data-status')).toBe('succeeded');
    expect(await page.locator('.console-summary [data-status="SUCCEEDED"]').textContent()).toBe('成功');
    expect(await page.getByTestId('console-where').textContent()).toBe('DeemedApproved');
    expect(await page.locator('tr[data-event-type="ExecutionSucceeded"]').count()).toBe(1);
    expect(await horizontalOverflow(page)).toBe(0);
    await expectAccessible(page, 'succeeded execution');
    await shoot(page, 'console-execution-succeeded');
    expect(errors).toEqual([]);
    await context.close();
  }, 120_000);

  it('en, narrow: the list by status, the ended execution and a state machine’s graph, without overflow', async () => {
    const { page, context, errors } = await openPage(suite.browser, runtime, { locale: 'en-US', viewport: NARROW });
    await signIn(page, { role: 'admin', sub: 'admin-console', next: '/console?status=SUCCEEDED' });
    const row = page.locator(`tr[data-execution="${caseId}"]`);
    await expect.poll(() => row.count()).toBe(1);
    expect(await row.textContent()).toContain('Succeeded');
    expect(await horizontalOverflow(page)).toBe(0);
    await expectAccessible(page, 'console list (en)');

    await row.getByRole('link', { name: caseId }).click();
    const final = stateBox(page, 'DeemedApproved');
    await expect.poll(() => final.getAttribute('data-final')).toBe('true');
    expect(await final.textContent()).toContain('Succeeded');
    expect(await page.getByRole('heading', { name: 'History events' }).count()).toBe(1);
    expect(await horizontalOverflow(page)).toBe(0);
    // A phone sees the graph at its size, scrolled in its frame to the final state; or all of it, smaller.
    expect(await page.getByRole('button', { name: 'Fit width' }).getAttribute('aria-pressed')).toBe('true');
    expect(await page.locator('.console-graph-scroll').evaluate((e) => e.scrollLeft)).toBeGreaterThan(0);
    await expectAccessible(page, 'execution (en)');
    await shoot(page, 'console-execution-narrow');
    await page.getByRole('button', { name: 'Fit width' }).click();
    expect(await horizontalOverflow(page)).toBe(0);

    await page.getByRole('link', { name: 'ApprovalClock', exact: true }).click();
    await page.waitForURL('**/console/state-machines/ApprovalClock');
    // The execution's page draws the same machine's graph, and the router changes the URL before it renders the
    // state machine's page: wait for what only that page has (its definition) before counting the graph's states.
    await expect.poll(() => page.locator('details.console-definition').count()).toBe(1);
    await expect.poll(() => page.locator('svg.console-graph [data-state]').count()).toBe(statesOf(approvalClockAsl));
    expect(await stateBox(page, 'AwaitDecision').count()).toBe(1);
    expect(await horizontalOverflow(page)).toBe(0);
    await expectAccessible(page, 'state machine (en)');
    expect(errors).toEqual([]);
    await context.close();
  }, 120_000);

  it('shows nothing of the executions to anyone but an admin', async () => {
    const { page, context } = await openPage(suite.browser, runtime);
    await signIn(page, { role: 'supervisor', sub: 'sup-console', next: `/console/executions/${caseId}` });
    await expect.poll(() => page.getByRole('alert').count()).toBe(1);
    expect(await page.locator('svg.console-graph').count()).toBe(0);
    expect(await page.content()).not.toContain('ExecutionStarted');
    await context.close();
  });

  it('shows nothing when the site is not the local runtime’s (deployed: /config.json names Cognito)', async () => {
    const { page, context, errors } = await openPage(suite.browser, runtime, { locale: 'en-US' });
    await signIn(page, { role: 'admin', sub: 'admin-console', next: '/' });
    const asked: string[] = [];
    page.on('request', (request) => asked.push(new URL(request.url()).pathname));
    await page.route('**/config.json', (route) =>
      route.fulfill({
        json: {
          apiBase: '',
          auth: { mode: 'cognito', domain: 'https://x.example', clientId: 'c', issuer: 'https://i.example' },
        },
      }),
    );
    await page.goto(`/console/executions/${caseId}`);
    await expect.poll(() => page.getByText('only available in the local runtime').count()).toBe(1);
    expect(await page.getByRole('link', { name: 'Execution console' }).count()).toBe(0);
    expect(asked.filter((path) => path.startsWith('/_local/'))).toEqual([]);
    expect(errors).toEqual([]);
    await context.close();
  });
});
