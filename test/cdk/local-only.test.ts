import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { routes } from '../../functions/http/routes.ts';
import { CONSOLE_PATHS } from '../../local/console.ts';
import { removeAssemblies, type Synthesized, synthesize } from './synth.ts';

// The local runtime's own routes (`/_local/*`: the simulated clock, the event bus's record, the execution console's
// JSON) are served by `npm start` only: nothing deployed answers them.

let synth: Synthesized;

beforeAll(() => {
  synth = synthesize();
});
afterAll(() => {
  removeAssemblies();
});

describe('local-only routes are never deployed', () => {
  it('the route table has none, and the template names no /_local path (no API route, no CloudFront behaviour)', () => {
    expect(CONSOLE_PATHS.every((path) => path.startsWith('/_local/'))).toBe(true);
    expect(routes.filter((route) => route.path.startsWith('/_local'))).toEqual([]);
    const keys = Object.values(synth.template.findResources('AWS::ApiGatewayV2::Route')).map(
      (route) => (route as { Properties: { RouteKey: string } }).Properties.RouteKey,
    );
    expect(keys.length).toBe(routes.length);
    expect(keys.filter((key) => key.split(' ')[1]?.startsWith('/_local'))).toEqual([]);
    expect(JSON.stringify(synth.template.toJSON())).not.toContain('/_local');
  });
});
