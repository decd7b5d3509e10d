import { Graph, layout } from '@dagrejs/dagre';

// An ASL definition as a graph laid out by dagre, the way the Step Functions console draws it: a box per state,
// an arrow per transition (Next, each Choice rule and its Default, each Catch), a Parallel as a group holding one
// column per branch, from the Parallel's own box to a join below its branches.

export type StateStatus = 'active' | 'succeeded' | 'failed' | 'caught' | 'cancelled';

export type NodeKind =
  | 'Task'
  | 'Choice'
  | 'Wait'
  | 'Parallel'
  | 'Map'
  | 'Pass'
  | 'Succeed'
  | 'Fail'
  | 'start'
  | 'end'
  | 'join';

export interface LaidNode {
  readonly id: string;
  /** The state's name in one or two lines (a long name is broken where its words meet). */
  readonly lines: readonly string[];
  /** The state's name (the key of `states` in the API's answer); undefined for start, end and joins. */
  readonly state?: string;
  readonly kind: NodeKind;
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

export interface LaidEdge {
  readonly from: string;
  readonly to: string;
  readonly kind: 'next' | 'choice' | 'default' | 'catch';
  readonly label?: string;
  /** The whole rule or error list, for the tooltip. */
  readonly title?: string;
  readonly points: readonly { x: number; y: number }[];
  readonly labelAt?: { x: number; y: number };
}

export interface LaidGroup {
  /** The Parallel or Map state it draws. */
  readonly state: string;
  /** 0 for the state's whole box, 1… for its branches. */
  readonly branch: number;
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

export interface LaidGraph {
  readonly width: number;
  readonly height: number;
  readonly nodes: readonly LaidNode[];
  readonly edges: readonly LaidEdge[];
  readonly groups: readonly LaidGroup[];
}

type Json = Record<string, unknown>;

const LINE_HEIGHT = 16;
const CHAR_WIDTH = 7.6;
const ONE_LINE_CHARS = 16;
const LABEL_CHARS = 28;

// Ids of what is not a state start with a character no state name of ours has (names are [A-Za-z0-9_-]).
export const START_ID = '#start';
export const END_ID = '#end';
const joins = new Map<string, string>();
const joinId = (state: string) => {
  const id = `#join:${state}`;
  joins.set(id, state);
  return id;
};
const groupId = (state: string, branch: number) => `#group:${branch}:${state}`;

/** A state's name in lines: long names break between two words (CamelCase, `_` or `-`) nearest the middle. */
export function nameLines(name: string): string[] {
  if (name.length <= ONE_LINE_CHARS) return [name];
  let best: number | undefined;
  for (let i = 1; i < name.length; i++) {
    const boundary =
      (/[a-z0-9]/.test(name[i - 1] as string) && /[A-Z]/.test(name[i] as string)) || /[_-]/.test(name[i - 1] as string);
    if (boundary && (best === undefined || Math.abs(i - name.length / 2) < Math.abs(best - name.length / 2))) best = i;
  }
  return best === undefined ? [name] : [name.slice(0, best), name.slice(best)];
}

/** Text cut to fit a label (a Choice rule can be long): the whole rule is in the definition. */
export function shortLabel(text: string, max = LABEL_CHARS): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/**
 * A Choice rule as a short label: `= "WAIT"` (the variable is usually the same for every rule of a Choice; the whole
 * rule is the edge's tooltip), or the comparison's name when it is not a simple one.
 */
export function ruleLabel(rule: Json): string {
  const variable = typeof rule.Variable === 'string' ? rule.Variable : undefined;
  const comparison = Object.keys(rule).find((key) => key !== 'Variable' && key !== 'Next' && key !== 'Comment');
  if (!comparison) return '';
  const value = rule[comparison];
  if (variable && (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean')) {
    const op = comparison.replace(/^(String|Numeric|Boolean|Timestamp)/, '').replace(/Path$/, ' path');
    const symbol: Record<string, string> = {
      Equals: '=',
      LessThan: '<',
      GreaterThan: '>',
      LessThanEquals: '≤',
      GreaterThanEquals: '≥',
    };
    return shortLabel(`${symbol[op] ?? op} ${JSON.stringify(value)}`);
  }
  if (typeof rule.Condition === 'string') return shortLabel(rule.Condition);
  return shortLabel(variable ? `${variable} ${comparison}` : comparison);
}

const nodeKind = (type: unknown): NodeKind =>
  (['Task', 'Choice', 'Wait', 'Parallel', 'Map', 'Pass', 'Succeed', 'Fail'] as const).find((k) => k === type) ?? 'Pass';

/**
 * Lays a definition out: every state with its position, every transition with its route, every Parallel's group.
 * `labels` names the start and end circles in the page's language.
 */
export function layoutDefinition(
  definition: Json,
  labels: { start: string; end: string; otherwise: string; catch: string },
): LaidGraph {
  const g = new Graph({ compound: true, multigraph: true });
  g.setGraph({ rankdir: 'TB', nodesep: 28, ranksep: 36, edgesep: 12, marginx: 8, marginy: 8 });
  g.setDefaultEdgeLabel(() => ({}));
  const kinds = new Map<string, { kind: NodeKind; state?: string; lines: string[] }>();
  const edges: { from: string; to: string; kind: LaidEdge['kind']; label?: string; title?: string; name: string }[] =
    [];
  const addNode = (id: string, kind: NodeKind, width: number, height: number, state?: string, parent?: string) => {
    g.setNode(id, { width, height });
    if (parent) g.setParent(id, parent);
    kinds.set(id, {
      kind,
      lines: state === undefined ? [] : nameLines(state),
      ...(state !== undefined ? { state } : {}),
    });
  };
  /** A state's box: its name's lines and a line for its type (and status). */
  const stateBox = (name: string) => {
    const lines = nameLines(name);
    return {
      width: Math.max(112, Math.max(...lines.map((l) => l.length)) * CHAR_WIDTH + 24),
      height: 14 + LINE_HEIGHT * (lines.length + 1),
    };
  };
  const addEdge = (from: string, to: string, kind: LaidEdge['kind'], label?: string, title?: string) => {
    const name = `${edges.length}`;
    edges.push({ from, to, kind, name, ...(label ? { label } : {}), ...(title ? { title } : {}) });
  };
  const circle = (label: string) => Math.max(56, label.length * CHAR_WIDTH + 24);
  addNode(START_ID, 'start', circle(labels.start), 32);
  addNode(END_ID, 'end', circle(labels.end), 32);

  /** Adds a scope's states; returns its StartAt. Ends of the scope lead to `exit`. */
  const addScope = (scope: Json, exit: string, parent: string | undefined): string | undefined => {
    const states = (scope.States ?? {}) as Record<string, Json>;
    for (const [name, state] of Object.entries(states)) {
      const kind = nodeKind(state.Type);
      const { width, height } = stateBox(name);
      if (kind === 'Parallel' || kind === 'Map') {
        const outer = groupId(name, 0);
        g.setNode(outer, {});
        if (parent) g.setParent(outer, parent);
        addNode(name, kind, width, height, name, outer);
        addNode(joinId(name), 'join', 16, 16, undefined, outer);
        const branches =
          kind === 'Parallel'
            ? ((state.Branches ?? []) as Json[])
            : [(state.ItemProcessor ?? state.Iterator ?? {}) as Json];
        branches.forEach((branch, i) => {
          const inner = groupId(name, i + 1);
          g.setNode(inner, {});
          g.setParent(inner, outer);
          const first = addScope(branch, joinId(name), inner);
          if (first) addEdge(name, first, 'next');
        });
      } else {
        addNode(name, kind, width, height, name, parent);
      }
    }
    for (const [name, state] of Object.entries(states)) {
      const kind = nodeKind(state.Type);
      const from = kind === 'Parallel' || kind === 'Map' ? joinId(name) : name;
      if (typeof state.Next === 'string') addEdge(from, state.Next, 'next');
      if (state.End === true || kind === 'Succeed' || kind === 'Fail') addEdge(from, exit, 'next');
      if (kind === 'Choice') {
        for (const rule of (state.Choices ?? []) as Json[])
          if (typeof rule.Next === 'string') {
            const { Next: _next, ...condition } = rule;
            addEdge(name, rule.Next, 'choice', ruleLabel(rule), JSON.stringify(condition));
          }
        if (typeof state.Default === 'string') addEdge(name, state.Default, 'default', labels.otherwise);
      }
      for (const handler of (state.Catch ?? []) as Json[]) {
        const errors = Array.isArray(handler.ErrorEquals) ? handler.ErrorEquals.join(', ') : '';
        if (typeof handler.Next === 'string')
          addEdge(from, handler.Next, 'catch', shortLabel(errors || labels.catch), `${labels.catch}: ${errors}`);
      }
    }
    return typeof scope.StartAt === 'string' ? scope.StartAt : undefined;
  };
  const first = addScope(definition, END_ID, undefined);
  if (first) addEdge(START_ID, first, 'next');

  for (const edge of edges) {
    if (!g.hasNode(edge.to)) continue; // a Next naming no state: the definition is invalid; draw what there is
    if (edge.from === edge.to) continue; // a loop onto itself is drawn beside its box, below
    g.setEdge(
      edge.from,
      edge.to,
      edge.label
        ? { width: Math.min(edge.label.length, LABEL_CHARS) * 6.4 + 8, height: 18, labelpos: 'c' }
        : { width: 0, height: 0 },
      edge.name,
    );
  }
  layout(g);

  const nodes: LaidNode[] = [];
  const groups: LaidGroup[] = [];
  for (const id of g.nodes()) {
    const laid = g.node(id) as { x: number; y: number; width: number; height: number };
    const group = /^#group:(\d+):(.*)$/.exec(id);
    if (group) {
      groups.push({
        state: group[2] as string,
        branch: Number(group[1]),
        x: laid.x - laid.width / 2,
        y: laid.y - laid.height / 2,
        width: laid.width,
        height: laid.height,
      });
      continue;
    }
    const known = kinds.get(id);
    if (!known) continue;
    nodes.push({
      id,
      lines: known.lines,
      kind: known.kind,
      ...(known.state !== undefined ? { state: known.state } : {}),
      x: laid.x - laid.width / 2,
      y: laid.y - laid.height / 2,
      width: laid.width,
      height: laid.height,
    });
  }
  const laidEdges: LaidEdge[] = [];
  for (const edge of edges) {
    if (!g.hasNode(edge.to)) continue;
    if (edge.from === edge.to) {
      laidEdges.push(selfLoop(edge, g.node(edge.from) as { x: number; y: number; width: number; height: number }));
      continue;
    }
    const laid = g.edge({ v: edge.from, w: edge.to, name: edge.name }) as
      | { points?: { x: number; y: number }[]; x?: number; y?: number }
      | undefined;
    laidEdges.push({
      from: edge.from,
      to: edge.to,
      kind: edge.kind,
      ...(edge.label ? { label: edge.label } : {}),
      ...(edge.title ? { title: edge.title } : {}),
      points: laid?.points ?? [],
      ...(edge.label && laid?.x !== undefined && laid.y !== undefined ? { labelAt: { x: laid.x, y: laid.y } } : {}),
    });
  }
  const info = g.graph() as { width?: number; height?: number };
  // Groups are drawn under their states: outer groups first.
  groups.sort((a, b) => a.branch - b.branch);
  return { width: Math.ceil(info.width ?? 0), height: Math.ceil(info.height ?? 0), nodes, edges: laidEdges, groups };
}

/** A transition from a state back to itself (a Catch that tries again): a loop out of its right side and back. */
function selfLoop(
  edge: { from: string; to: string; kind: LaidEdge['kind']; label?: string; title?: string },
  node: { x: number; y: number; width: number; height: number },
): LaidEdge {
  const right = node.x + node.width / 2;
  const top = node.y - node.height / 4;
  const bottom = node.y + node.height / 4;
  return {
    from: edge.from,
    to: edge.to,
    kind: edge.kind,
    ...(edge.label ? { label: edge.label } : {}),
    ...(edge.title ? { title: edge.title } : {}),
    points: [
      { x: right, y: bottom },
      { x: right + 28, y: bottom + 10 },
      { x: right + 28, y: top - 10 },
      { x: right, y: top },
    ],
    ...(edge.label ? { labelAt: { x: right + 30 + edge.label.length * 3.2, y: node.y } } : {}),
  };
}

/** The state a node stands for, for its status: a join shares its Parallel's. */
export function stateOfNode(id: string): string | undefined {
  if (id === START_ID || id === END_ID) return undefined;
  return joins.get(id) ?? id;
}

/** A node as the API's `transitions` name it: a state (a join by its Parallel), `#start` or `#end`. */
export function pathNameOf(id: string): string {
  return stateOfNode(id) ?? id;
}
