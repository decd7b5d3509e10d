import type { Template } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { routes } from '../../functions/http/routes.ts';
import { API_AREAS, areaOf, areaOfFunctions } from '../../lib/api-areas.ts';
import { countOf, overBudget, removeAssemblies, type Synthesized, stacksOf, synthesize } from './synth.ts';

afterAll(removeAssemblies);

/**
 * CloudFormation refuses a stack of more than 500 resources, 200 parameters or 200 outputs, at deploy time only:
 * `cdk synth` writes such a template without a word. Each stack, the root and every nested one, is held below the
 * hard limit with a margin, so that the change that would cross it fails here, on a laptop, not in a deploy.
 */
const RESOURCE_BUDGET = 450;
const PARAMETER_LIMIT = 200;
const OUTPUT_LIMIT = 200;

type Json = Record<string, unknown>;

describe('stack size', () => {
  let synth: Synthesized;
  let stacks: [string, Template][];
  beforeAll(() => {
    // With every optional resource the default app can have: the user pool and site (default), the alarm topic.
    synth = synthesize({ alarmEmail: 'ops@example.org' });
    stacks = stacksOf(synth);
  });

  it(`every stack, the root and each nested one, has at most ${RESOURCE_BUDGET} resources`, () => {
    // Assess
    expect(stacks.length).toBe(1 + API_AREAS.length);
    expect(overBudget(stacks, RESOURCE_BUDGET)).toEqual([]);
  });

  it('the check fails, naming the stack and its count by type, when a stack is one resource over', () => {
    // Prepare
    const [largestName, largest] = stacks.reduce((a, b) => (countOf(b[1]).total > countOf(a[1]).total ? b : a));
    const { total } = countOf(largest);

    // Act
    const report = overBudget(stacks, total - 1);

    // Assess
    expect(report).toHaveLength(stacks.filter(([, t]) => countOf(t).total === total).length);
    expect(report.join('\n')).toContain(`${largestName}: ${total} resources, over the budget of ${total - 1}`);
    expect(report.join('\n')).toMatch(/AWS::Lambda::Function \d+/);
  });

  it('every stack has at most 200 parameters and 200 outputs', () => {
    // Assess
    const over = stacks.flatMap(([name, template]) => {
      const json = template.toJSON() as Json;
      const parameters = Object.keys((json.Parameters ?? {}) as Json).length;
      const outputs = Object.keys((json.Outputs ?? {}) as Json).length;
      return [
        ...(parameters > PARAMETER_LIMIT ? [`${name}: ${parameters} parameters`] : []),
        ...(outputs > OUTPUT_LIMIT ? [`${name}: ${outputs} outputs`] : []),
      ];
    });
    expect(over).toEqual([]);
  });
});

describe('the API areas', () => {
  let synth: Synthesized;
  beforeAll(() => {
    synth = synthesize();
  });

  it('each route and the function behind it live in the nested stack of its area, derived from the path', () => {
    // Assess
    const byFunction = areaOfFunctions(routes);
    for (const route of routes) {
      const area = synth.stack.apiAreas[areaOf(route)];
      const template = synth.nested.get(area.node.path) as Template;
      template.hasResourceProperties('AWS::ApiGatewayV2::Route', { RouteKey: `${route.method} ${route.path}` });
      const fn = synth.stack.functions[route.function];
      expect([route.function, fn.function.stack]).toEqual([
        route.function,
        synth.stack.apiAreas[byFunction.get(route.function) as never],
      ]);
    }
    // None in the root stack: its routes are all nested.
    synth.root.resourceCountIs('AWS::ApiGatewayV2::Route', 0);
  });

  it("the stage waits for every area's stack: CloudFormation refuses route settings for a route not yet made", () => {
    // Assess
    const [stage] = Object.values(synth.root.findResources('AWS::ApiGatewayV2::Stage')) as { DependsOn?: string[] }[];
    const areaIds = API_AREAS.map((area) =>
      synth.stack.getLogicalId(synth.stack.apiAreas[area].nestedStackResource as never),
    );
    expect(stage?.DependsOn).toEqual(expect.arrayContaining(areaIds));
  });

  it('a path whose first segment is not listed lands in "other", with no edit to the stack', () => {
    // Assess
    expect(areaOf({ path: '/v1/applications/{id}/decision' })).toBe('applications');
    expect(areaOf({ path: '/v1/notifications' })).toBe('applications');
    expect(areaOf({ path: '/v1/catalog/{code}' })).toBe('catalogue');
    expect(areaOf({ path: '/v1/calendar/deadline' })).toBe('catalogue');
    expect(areaOf({ path: '/v1/evaluations/{period}' })).toBe('supervision');
    expect(areaOf({ path: '/v1/openapi.json' })).toBe('other');
    expect(areaOf({ path: '/v1/licences-new-thing/{id}' })).toBe('other');
    expect(areaOf({ path: '/v1/constructor' })).toBe('other');
  });
});
