import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Contribution } from '../../functions/domain/evaluation.ts';
import { parsePeriod } from '../../functions/domain/evaluation.ts';
import type { HttpContext } from '../../functions/http/middleware/request.ts';
import * as R from '../../functions/http/responses.ts';
import type { LocalDynamo } from '../../local/dynamodb.ts';
import { lambdaContext } from '../../local/lambda.ts';
import { startTestDynamo } from '../support/dynamo.ts';
import { httpEvent, route, token, useTestTokens } from './support.ts';

/**
 * The four evaluation routes against a real dynalite: counts tallied as the Cases stream would (applyTally), a
 * period run by POST …/run, then read as JSON and CSV, by the public, supervision and a head; the awards of a year.
 */

let dynamo: LocalDynamo;
const NOW = new Date('2026-11-02T10:00:00+08:00');

// Imported after the environment points at dynalite (the store reads table names from it).
const load = async () => ({
  get: (await import('../../functions/http/evaluations-get.ts')).handler,
  officers: (await import('../../functions/http/evaluations-officers.ts')).handler,
  run: (await import('../../functions/http/evaluations-run.ts')).handler,
  awards: (await import('../../functions/http/evaluations-awards.ts')).handler,
  targets: (await import('../../functions/http/evaluations-targets.ts')).handler,
  items: (await import('../../functions/http/evaluations-items.ts')).handler,
  tally: (await import('../../functions/store/evaluations.ts')).applyTally,
  accountability: await import('../../functions/store/accountability.ts'),
  catalog: await import('../../functions/store/catalog.ts'),
  seed: (await import('../../local/seed.ts')).seedIfEmpty,
});

type Lambda = (event: never, context: HttpContext) => Promise<unknown>;
interface Raw {
  status: number;
  headers: Record<string, string>;
  text: string;
  // biome-ignore lint/suspicious/noExplicitAny: answers are checked against the response schemas
  json: any;
}
async function call(lambda: Lambda, event: unknown): Promise<Raw> {
  const r = (await lambda(event as never, lambdaContext('test') as unknown as HttpContext)) as {
    statusCode: number;
    headers: Record<string, string>;
    body: string;
  };
  let json: unknown;
  try {
    json = JSON.parse(r.body);
  } catch {
    json = undefined;
  }
  return { status: r.statusCode, headers: r.headers, text: r.body, json };
}

const GET = route('GET', '/v1/evaluations/{period}');
const OFFICERS = route('GET', '/v1/evaluations/{period}/officers');
const RUN = route('POST', '/v1/evaluations/{period}/run');
const AWARDS = route('GET', '/v1/evaluations/{period}/awards');
const TARGETS = route('GET', '/v1/evaluations/{period}/targets');
const ITEMS = route('GET', '/v1/evaluations/{period}/items');

/** A CSV answer's header and rows, after checking what every CSV answer has: the type, the BOM, CRLF to the end. */
function csvRows(r: Raw, filename: string): { columns: string[]; rows: string[] } {
  expect(r.status, r.text).toBe(200);
  expect(r.headers['content-type']).toBe('text/csv; charset=utf-8');
  expect(r.headers['content-disposition']).toBe(`attachment; filename="${filename}"`);
  expect(Buffer.from(r.text, 'utf8').subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
  const lines = r.text.slice(1).split('\r\n');
  expect(lines.at(-1)).toBe('');
  const [header = '', ...rows] = lines.slice(0, -1);
  return { columns: header.split(','), rows };
}

const officer = (id: string, departmentId: string, name: string) =>
  ({ kind: 'OFFICER', id, departmentId, name }) as const;
const units = (departmentId: string, windowId: string, person: ReturnType<typeof officer>) => [
  { kind: 'CENTRE', id: 'centre' } as const,
  { kind: 'DEPARTMENT', id: departmentId, departmentId } as const,
  { kind: 'WINDOW', id: `${departmentId}/${windowId}`, departmentId } as const,
  person,
];

beforeAll(async () => {
  dynamo = await startTestDynamo();
  useTestTokens();
  const { seed, tally, catalog, accountability } = await load();
  await seed();
  // A department whose name a spreadsheet would run as a formula (names come from the catalogue's administrators).
  const market = await catalog.getDepartment('market');
  if (!market) throw new Error('the demo data has no market department');
  await catalog.writeDepartment({
    ...market,
    id: 'formula',
    name: { zh: '=HYPERLINK("http://evil.example","点我")', en: 'Formula Bureau' },
  });
  // October 2026: a market clerk closes 3 cases (2 on time), a tax clerk 1; a formula-bureau clerk receives 1.
  const day = '2026-10-15';
  const clerk = officer('market-clerk-1', 'market', '王芳 Wang Fang');
  const taxClerk = officer('tax-clerk-1', 'tax', '李强 Li Qiang');
  const formulaClerk = officer('formula-clerk-1', 'formula', '=1+1');
  const contributions: Contribution[] = [
    ...units('market', 'market-1', clerk).map((unit) => ({
      day,
      unit,
      counters: { received: 3, closed: 3, closedOnTime: 2, workingDaysToClose: 6, promisedWorkingDays: 9 },
    })),
    ...units('tax', 'tax-1', taxClerk).map((unit) => ({
      day,
      unit,
      counters: { received: 1, closed: 1, closedOnTime: 1, workingDaysToClose: 1, promisedWorkingDays: 5 },
    })),
    ...units('formula', 'formula-1', formulaClerk).map((unit) => ({ day, unit, counters: { received: 1 } })),
    // The centre's three contributions of the day are summed into one aggregate by the write.
  ];
  expect(await tally('XN-EVAL-TEST-1', undefined, [{ seq: 0, contributions }])).toBe(true);
  // The tax clerk ran out of time in 2026: never proposed for an award that year.
  await accountability.recordOnce({
    caseId: 'XN-EVAL-TEST-2',
    reason: 'DEEMED_APPROVAL',
    departmentId: 'tax',
    itemCode: 'TX-001',
    handler: { id: 'tax-clerk-1', name: '李强 Li Qiang' },
    leader: { id: 'tax-head', name: '赵敏 Zhao Min' },
    at: '2026-10-20T00:00:00+08:00',
    deadline: '2026-10-20T00:00:00+08:00',
    recordedBy: 'system:test',
  });
  vi.useFakeTimers({ now: NOW, toFake: ['Date'] });
}, 60_000);

afterEach(() => {
  vi.setSystemTime(NOW);
});

afterAll(async () => {
  vi.useRealTimers();
  await dynamo?.close();
});

const supervisor = () => token({ role: 'supervisor', sub: 'inspector-1' });
const admin = () => token({ role: 'admin', sub: 'admin-1' });
const marketHead = () => token({ role: 'head', sub: 'market-head', department: 'market' });

describe('the evaluation routes', () => {
  it('a period not evaluated yet → 404 saying how to run it', async () => {
    const { get } = await load();
    const r = await call(get, httpEvent(GET, { params: { period: '2026-09' } }));
    expect(r.status).toBe(404);
    expect(r.headers['content-type']).toContain('application/problem+json');
    expect(r.json.title).toMatch(/\p{Script=Han}.*[A-Za-z]/u);
    expect(r.json.detail).toContain('POST /v1/evaluations/2026-09/run');
  });

  it.each(['2026-13', '2026-Q5', '2026-10-05', 'last-month', '2026-11-30..2026-11-01'])(
    'a bad period %j → 400 naming path.period with the domain’s reason',
    async (period) => {
      const { get } = await load();
      const r = await call(get, httpEvent(GET, { params: { period } }));
      expect(r.status).toBe(400);
      const parsed = parsePeriod(period);
      expect('error' in parsed).toBe(true);
      expect(r.json.errors).toEqual([{ field: 'path.period', reason: (parsed as { error: string }).error }]);
    },
  );

  it('POST …/run evaluates the period (200, the snapshot); GET serves it, and a rerun keeps the first revision', async () => {
    const { get, run } = await load();
    const first = await call(run, httpEvent(RUN, { params: { period: '2026-10' }, bearer: await supervisor() }));
    expect(first.status, first.text).toBe(200);
    expect(R.Evaluation.safeParse(first.json).error).toBeUndefined();
    expect(first.json).toMatchObject({
      period: '2026-10',
      from: '2026-10-01',
      to: '2026-10-31',
      complete: true,
      revision: 1,
      generatedBy: 'inspector-1',
      trigger: { kind: 'REQUEST', by: 'inspector-1', role: 'supervisor' },
      centre: { received: 5, closed: 4, closedOnTime: 3, onTimeRate: 0.75 },
    });
    const market = first.json.departments.find((d: { departmentId: string }) => d.departmentId === 'market');
    expect(market).toMatchObject({ closed: 3, closedOnTime: 2, onTimeRate: 0.6667, averageWorkingDays: 2 });
    expect(Object.keys(first.json.targets).sort()).toEqual([
      'immediateShare',
      'onlineDisclosure',
      'promisedTimeReduction',
      'shortenedItems',
    ]);

    const read = await call(get, httpEvent(GET, { params: { period: '2026-10' } }));
    expect(read.status).toBe(200);
    // The public page says a supervisor ran it, not which account: a staff account id is not published.
    expect(read.text).not.toContain('inspector-1');
    expect(read.json).toMatchObject({
      generatedBy: 'request:supervisor',
      trigger: { kind: 'REQUEST', role: 'supervisor' },
      revisions: [{ revision: 1, generatedBy: 'request:supervisor' }],
    });
    expect(R.Evaluation.safeParse(read.json).error).toBeUndefined();
    const { generatedBy: _g, trigger: _t, revisions: _r, ...figures } = read.json;
    const { generatedBy: _g1, trigger: _t1, revisions: _r1, ...firstFigures } = first.json;
    expect(figures).toEqual(firstFigures);

    vi.setSystemTime(new Date(NOW.getTime() + 60_000));
    const again = await call(run, httpEvent(RUN, { params: { period: '2026-10' }, bearer: await admin() }));
    expect(again.json.revision).toBe(2);
    expect(again.json.revisions.map((r: { revision: number }) => r.revision)).toEqual([1, 2]);
  });

  it('a period that has not begun → 422, nothing evaluated', async () => {
    const { run, get } = await load();
    const r = await call(run, httpEvent(RUN, { params: { period: '2026-12' }, bearer: await admin() }));
    expect(r.status).toBe(422);
    expect(r.json.errors[0].field).toBe('path.period');
    expect((await call(get, httpEvent(GET, { params: { period: '2026-12' } }))).status).toBe(404);
  });

  it('Accept: text/csv → one row per department then the centre, UTF-8 with a BOM, CRLF, a named attachment, formulas neutralised', async () => {
    const { get } = await load();
    const r = await call(get, httpEvent(GET, { params: { period: '2026-10' }, headers: { accept: 'text/csv' } }));
    expect(r.status).toBe(200);
    expect(r.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(r.headers['content-disposition']).toBe('attachment; filename="evaluation-2026-10.csv"');
    expect(Buffer.from(r.text, 'utf8').subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    const lines = r.text.slice(1).split('\r\n');
    expect(lines.at(-1)).toBe('');
    const [header = '', ...rows] = lines.slice(0, -1);
    const columns = header.split(',');
    // The first column says what a row is: a department may be called `centre` (the one-stop desk), the total is not.
    expect(columns.slice(0, 3)).toEqual(['unit', 'departmentId', 'name']);
    expect(columns).toEqual(expect.arrayContaining(['closed', 'closedOnTime', 'onTimeRate', 'averageWorkingDays']));
    const json = (await call(get, httpEvent(GET, { params: { period: '2026-10' } }))).json;
    expect(rows).toHaveLength(json.departments.length + 1);
    expect(rows.at(-1)).toMatch(/^CENTRE,,/);
    expect(rows.slice(0, -1).every((row) => row.startsWith('DEPARTMENT,'))).toBe(true);
    const market = rows.find((row) => row.startsWith('DEPARTMENT,market,'));
    expect(market?.split(',')[columns.indexOf('closed')]).toBe('3');
    // The formula bureau's name is shown, never run.
    expect(rows.find((row) => row.startsWith('DEPARTMENT,formula,'))).toContain(`"'=HYPERLINK(""http://evil.example""`);
  });

  it('the scorecard: public, as JSON and as CSV (one row per target, with its unit, baseline, current, target and verdict)', async () => {
    const { targets, get } = await load();
    const before = await call(targets, httpEvent(TARGETS, { params: { period: '2026-09' } }));
    expect(before.status).toBe(404);
    expect(before.json.detail).toContain('POST /v1/evaluations/2026-09/run');

    const page = (await call(get, httpEvent(GET, { params: { period: '2026-10' } }))).json;
    const json = await call(targets, httpEvent(TARGETS, { params: { period: '2026-10' } }));
    expect(json.status, json.text).toBe(200);
    expect(R.EvaluationTargets.safeParse(json.json).error).toBeUndefined();
    expect(json.json).toMatchObject({ period: '2026-10', revision: page.revision, complete: true });
    expect(json.json.targets).toEqual(page.targets);

    const { columns, rows } = csvRows(
      await call(targets, httpEvent(TARGETS, { params: { period: '2026-10' }, headers: { accept: 'text/csv' } })),
      'evaluation-2026-10-targets.csv',
    );
    expect(columns).toEqual(['key', 'name', 'unit', 'baseline', 'current', 'target', 'met', 'definition', 'note']);
    expect(rows.map((row) => row.split(',')[0])).toEqual(Object.keys(page.targets));
    const immediate = page.targets.immediateShare;
    const row = rows.find((line) => line.startsWith('immediateShare,')) ?? '';
    // The unit says the immediate share's figures are per cent and its target the baseline plus 15 points.
    expect(row).toContain('即办件比例 immediate share of items,percentage points,');
    const cells = row.split(',');
    const cell = (name: string) => cells[columns.indexOf(name)];
    const number = (value: number | null) => (value === null ? '' : String(value));
    expect([cell('baseline'), cell('current'), cell('target'), cell('met')]).toEqual([
      number(immediate.baseline),
      number(immediate.current),
      number(immediate.target),
      immediate.met === null ? '' : String(immediate.met),
    ]);
  });

  it("each item's figures: public, as JSON and as CSV (one row per item)", async () => {
    const { items, get } = await load();
    const page = (await call(get, httpEvent(GET, { params: { period: '2026-10' } }))).json;
    const json = await call(items, httpEvent(ITEMS, { params: { period: '2026-10' } }));
    expect(json.status, json.text).toBe(200);
    expect(R.EvaluationItems.safeParse(json.json).error).toBeUndefined();
    expect(json.json.items).toEqual(page.items);

    const { columns, rows } = csvRows(
      await call(items, httpEvent(ITEMS, { params: { period: '2026-10' }, headers: { accept: 'text/csv' } })),
      'evaluation-2026-10-items.csv',
    );
    expect(columns.slice(0, 3)).toEqual(['itemCode', 'name', 'departmentId']);
    expect(columns).toEqual(expect.arrayContaining(['closed', 'onTimeRate', 'averageWorkingDays']));
    expect(page.items.length).toBeGreaterThan(0);
    expect(rows).toHaveLength(page.items.length);
    expect(rows.map((row) => row.split(',')[0])).toEqual(page.items.map((i: { itemCode: string }) => i.itemCode));
    expect((await call(items, httpEvent(ITEMS, { params: { period: '2026-13' } }))).status).toBe(400);
  });

  it('officers: supervision sees every department’s; a head only their own department’s officers and windows', async () => {
    const { officers } = await load();
    const all = await call(
      officers,
      httpEvent(OFFICERS, { params: { period: '2026-10' }, bearer: await supervisor() }),
    );
    expect(all.status, all.text).toBe(200);
    expect(R.EvaluationOfficers.safeParse(all.json).error).toBeUndefined();
    expect(all.json.officers.map((o: { officer: string }) => o.officer).sort()).toEqual([
      'formula-clerk-1',
      'market-clerk-1',
      'tax-clerk-1',
    ]);
    const mine = await call(
      officers,
      httpEvent(OFFICERS, { params: { period: '2026-10' }, bearer: await marketHead() }),
    );
    expect(mine.status).toBe(200);
    expect(mine.json.officers).toEqual([
      expect.objectContaining({ officer: 'market-clerk-1', departmentId: 'market', closed: 3 }),
    ]);
    expect(mine.json.windows.map((w: { windowId: string }) => w.windowId)).toEqual(['market/market-1']);

    const csv = await call(
      officers,
      httpEvent(OFFICERS, {
        params: { period: '2026-10' },
        bearer: await supervisor(),
        headers: { accept: 'text/csv' },
      }),
    );
    expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(csv.headers['content-disposition']).toBe('attachment; filename="evaluation-2026-10-officers.csv"');
    const rows = csv.text.slice(1).split('\r\n').slice(1, -1);
    expect(rows).toHaveLength(3);
    expect(rows.find((row) => row.startsWith('formula-clerk-1,'))).toContain(",'=1+1,");
  });

  it('awards: 404 until the year is evaluated, saying to run it; then ranked, the tax clerk excluded for the record', async () => {
    const { awards, run } = await load();
    const before = await call(awards, httpEvent(AWARDS, { params: { period: '2025' }, bearer: await admin() }));
    expect(before.status).toBe(404);
    expect(before.json.detail).toContain('POST /v1/evaluations/2025/run');

    const notYear = await call(awards, httpEvent(AWARDS, { params: { period: '2026-10' }, bearer: await admin() }));
    expect(notYear.status).toBe(400);
    expect(notYear.json.errors).toEqual([
      { field: 'path.period', reason: 'awards are given per year: must be a four-digit year YYYY' },
    ]);

    expect((await call(run, httpEvent(RUN, { params: { period: '2026' }, bearer: await admin() }))).status).toBe(200);
    const r = await call(awards, httpEvent(AWARDS, { params: { period: '2026' }, bearer: await supervisor() }));
    expect(r.status, r.text).toBe(200);
    expect(R.Awards.safeParse(r.json).error).toBeUndefined();
    expect(r.json.basedOn).toMatchObject({ period: '2026', revision: 1, complete: false });
    const excluded = r.json.bestCivilServants.excluded.find(
      (e: { unit: { id: string } }) => e.unit.id === 'tax-clerk-1',
    );
    expect(excluded).toMatchObject({ kind: 'ACCOUNTABILITY', records: ['XN-EVAL-TEST-2#DEEMED_APPROVAL'] });
    const ranked = r.json.bestCivilServants.ranked.map((c: { unit: { id: string } }) => c.unit.id);
    expect(ranked).not.toContain('tax-clerk-1');
  });

  it('awards by the deployment’s scoring (AWARD_SCORING): a changed minimum, quota or weight changes the lists', async () => {
    const { awards } = await load();
    const ask = async (setting?: object) => {
      if (setting) process.env.AWARD_SCORING = JSON.stringify(setting);
      try {
        const r = await call(awards, httpEvent(AWARDS, { params: { period: '2026' }, bearer: await supervisor() }));
        expect(r.status, r.text).toBe(200);
        return r.json;
      } finally {
        delete process.env.AWARD_SCORING;
      }
    };
    // The year was run by the test before: the market clerk closed 3 (under the default minimum of 5).
    const ids = (answer: { bestCivilServants: { ranked: { unit: { id: string } }[] } }) =>
      answer.bestCivilServants.ranked.map((c) => c.unit.id);
    expect(ids(await ask())).toEqual([]);
    const open = { volume: { bestCivilServants: { minimum: 0 } } };
    const all = await ask(open);
    expect(ids(all)).toEqual(['market-clerk-1', 'formula-clerk-1']);
    expect(all.scoring).toContain('最佳公务员 officers by closed ≥ 0');
    expect(ids(await ask({ ...open, quotas: { bestCivilServants: 1 } }))).toEqual(['market-clerk-1']);
    // The market clerk's on-time rate (2 of 3) weighs 100 instead of 40: the score rises by 60 × 0.6667.
    const before = all.bestCivilServants.ranked[0].score;
    const heavier = await ask({ ...open, weights: { onTimeRate: 100 } });
    expect(heavier.bestCivilServants.ranked[0].score).toBeCloseTo(before + 60 * 0.6667, 1); // each score rounded to 2 decimals
    expect(heavier.scoring).toContain('score = 100 × on-time rate');
  });

  it('refuses a bad AWARD_SCORING naming the field and why, and an empty one is the defaults', async () => {
    const { awardConfigOf, awardScoring } = await import('../../functions/common/award-scoring.ts');
    const { defaultAwardConfig } = await import('../../functions/domain/evaluation.ts');
    expect(() => awardConfigOf('{"weights":{"onTimeRate":-1}}')).toThrow(
      'AWARD_SCORING: weights.onTimeRate: must be a number ≥ 0',
    );
    expect(() => awardConfigOf('{"quotas":{"serviceStars":2.5}}')).toThrow(
      'AWARD_SCORING: quotas.serviceStars: must be a whole number ≥ 0',
    );
    expect(() => awardConfigOf('{"quota":{}}')).toThrow('AWARD_SCORING: (the whole setting): unknown field quota');
    expect(() => awardConfigOf('[1]')).toThrow('AWARD_SCORING: (the whole setting): must be a JSON object');
    expect(() => awardConfigOf('{"weights":{"onTimeRate":"40"}}')).toThrow(
      'AWARD_SCORING: weights.onTimeRate: must be a number ≥ 0',
    );
    expect(awardConfigOf('{}')).toEqual(defaultAwardConfig);
    process.env.AWARD_SCORING = ' ';
    try {
      expect(awardScoring()).toBe(defaultAwardConfig);
    } finally {
      delete process.env.AWARD_SCORING;
    }
  });
});

// ---- Lean bundles (issue 17 item 3): the published fields without the response schemas ----

describe('the fields an evaluation route publishes', () => {
  it('are the Evaluation response schema’s, in its order (evaluation-views.ts lists them for the bundles)', async () => {
    // Arrange
    const { PUBLISHED_EVALUATION_FIELDS } = await import('../../functions/http/evaluation-views.ts');
    // Assess
    expect([...PUBLISHED_EVALUATION_FIELDS]).toEqual(Object.keys(R.Evaluation.shape));
  });
});
