import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type LaidEdge, type LaidNode, layoutDefinition, pathNameOf, type StateStatus, stateOfNode } from './graph.ts';

const KIND_LABEL: Record<string, string> = {
  Task: 'Task',
  Choice: 'Choice',
  Wait: 'Wait',
  Parallel: 'Parallel',
  Map: 'Map',
  Pass: 'Pass',
  Succeed: 'Succeed',
  Fail: 'Fail',
};

/** A smooth path through dagre's points. */
function pathOf(points: readonly { x: number; y: number }[]): string {
  if (points.length === 0) return '';
  const [first, ...rest] = points as [{ x: number; y: number }, ...{ x: number; y: number }[]];
  if (rest.length === 1) return `M${first.x},${first.y}L${rest[0]?.x},${rest[0]?.y}`;
  let d = `M${first.x},${first.y}`;
  for (let i = 0; i < rest.length - 1; i++) {
    const control = rest[i] as { x: number; y: number };
    const next = rest[i + 1] as { x: number; y: number };
    const end = i === rest.length - 2 ? next : { x: (control.x + next.x) / 2, y: (control.y + next.y) / 2 };
    d += `Q${control.x},${control.y} ${end.x},${end.y}`;
  }
  return d;
}

/**
 * An ASL definition drawn as the Step Functions console draws it (dagre lays it out, this draws it in SVG): each
 * state a box marked by its type, each transition an arrow (Catch dashed), each Parallel a group of branches. With an
 * execution's `states`, each box shows how it fared — colour AND word — the states it is in now outlined thick, the
 * state it ended in marked as final, and the transitions between states it went through drawn bold.
 */
export function StateGraph(props: {
  name: string;
  definition: Record<string, unknown>;
  states?: Readonly<Record<string, StateStatus>>;
  /** The transitions the execution took, `[from, to]` (a Parallel's name stands for its join too). */
  transitions?: readonly (readonly [string, string])[];
  finalState?: string;
  ended?: boolean;
}) {
  const { t } = useTranslation('console');
  // A phone sees the graph at its size, scrolled to where the execution is; a wide screen sees all of it.
  const [actual, setActual] = useState(() => window.innerWidth < 768);
  const scroller = useRef<HTMLDivElement>(null);
  const start = t('start');
  const end = t('end');
  const otherwise = t('otherwise');
  const caught = t('catch');
  // Laid out again only when the definition's text changes: a running execution's page reloads it every few seconds.
  const source = JSON.stringify(props.definition);
  const graph = useMemo(
    () => layoutDefinition(JSON.parse(source), { start, end, otherwise, catch: caught }),
    [source, start, end, otherwise, caught],
  );
  const states = props.states ?? {};
  const statusOf = (id: string): StateStatus | undefined => {
    const state = stateOfNode(id);
    return state === undefined ? undefined : states[state];
  };
  const path = new Set((props.transitions ?? []).map(([from, to]) => `${from}\n${to}`));
  const taken = (edge: LaidEdge) => path.has(`${pathNameOf(edge.from)}\n${pathNameOf(edge.to)}`);
  const current = Object.entries(states)
    .filter(([, s]) => s === 'active')
    .map(([n]) => n);
  const summary = props.states
    ? props.ended
      ? t('graphEnded', { state: props.finalState ?? '' })
      : t('graphNow', { states: current.join(', ') })
    : '';
  const label = `${t('graphLabel', { name: props.name })}${summary ? `. ${summary}` : ''}`;
  const focus = props.ended
    ? props.finalState
    : current.find((name) => graph.nodes.some((n) => n.state === name && n.kind !== 'Parallel'));
  useEffect(() => {
    const frame = scroller.current;
    const node = graph.nodes.find((n) => n.state === focus);
    if (!actual || !frame || !node) return;
    frame.scrollLeft = Math.max(0, node.x + node.width / 2 - frame.clientWidth / 2);
  }, [actual, focus, graph]);

  const box = (node: LaidNode) => {
    const status = statusOf(node.id);
    if (node.kind === 'start' || node.kind === 'end') {
      const reached = node.kind === 'start' ? props.states !== undefined : props.ended === true;
      return (
        <g key={node.id} className={`console-node console-terminal${reached ? ' console-reached' : ''}`}>
          <rect x={node.x} y={node.y} width={node.width} height={node.height} rx={node.height / 2} />
          <text x={node.x + node.width / 2} y={node.y + node.height / 2 + 5} textAnchor="middle">
            {node.kind === 'start' ? start : end}
          </text>
        </g>
      );
    }
    if (node.kind === 'join') {
      return (
        <circle
          key={node.id}
          className={`console-join${status ? ` console-status-${status}` : ''}`}
          cx={node.x + node.width / 2}
          cy={node.y + node.height / 2}
          r={node.width / 2}
        />
      );
    }
    const state = node.state as string;
    const isFinal = props.ended === true && props.finalState === state;
    const classes = [
      'console-node',
      `console-kind-${node.kind.toLowerCase()}`,
      status ? `console-status-${status}` : 'console-status-none',
      isFinal ? 'console-final' : '',
    ].join(' ');
    const words = status ? t(`stateStatuses.${status}`) : '';
    return (
      <g
        key={node.id}
        className={classes}
        data-state={state}
        data-status={status ?? 'none'}
        data-final={isFinal ? 'true' : undefined}
      >
        <title>{`${state} (${node.kind})${words ? `: ${words}` : ''}`}</title>
        <rect
          x={node.x}
          y={node.y}
          width={node.width}
          height={node.height}
          rx={node.kind === 'Choice' ? 16 : node.kind === 'Succeed' || node.kind === 'Fail' ? 22 : 4}
        />
        {node.lines.map((line, i) => (
          <text
            key={line}
            className="console-node-name"
            x={node.x + node.width / 2}
            y={node.y + 20 + i * 16}
            textAnchor="middle"
          >
            {line}
          </text>
        ))}
        <text
          className="console-node-kind"
          x={node.x + node.width / 2}
          y={node.y + 20 + node.lines.length * 16}
          textAnchor="middle"
        >
          {KIND_LABEL[node.kind] ?? node.kind}
          {words ? ` · ${words}` : ''}
        </text>
      </g>
    );
  };

  return (
    <div className="console-graph-frame">
      <div className="console-graph-tools">
        <button type="button" aria-pressed={actual} onClick={() => setActual((a) => !a)}>
          {actual ? t('fitWidth') : t('actualSize')}
        </button>
      </div>
      {/* At its actual size the graph scrolls in its frame: focusable, so a keyboard can scroll it too. */}
      <div
        ref={scroller}
        className={`console-graph-scroll${actual ? ' console-actual' : ''}`}
        {...(actual ? { tabIndex: 0, role: 'region', 'aria-label': label } : {})}
      >
        <svg
          className="console-graph"
          role="img"
          aria-label={label}
          viewBox={`0 0 ${graph.width} ${graph.height}`}
          width={actual ? graph.width : '100%'}
          style={actual ? undefined : { maxWidth: graph.width }}
          preserveAspectRatio="xMidYMin meet"
        >
          <defs>
            <marker
              id="console-arrow"
              viewBox="0 0 10 10"
              refX="9"
              refY="5"
              markerWidth="9"
              markerHeight="9"
              markerUnits="userSpaceOnUse"
              orient="auto-start-reverse"
            >
              <path d="M0,0L10,5L0,10z" className="console-arrow-head" />
            </marker>
          </defs>
          {graph.groups.map((group) => {
            const status = states[group.state];
            return (
              <rect
                key={`${group.state}:${group.branch}`}
                className={`console-group console-group-${group.branch === 0 ? 'outer' : 'branch'}${
                  group.branch === 0 && status ? ` console-status-${status}` : ''
                }`}
                x={group.x}
                y={group.y}
                width={group.width}
                height={group.height}
                rx={8}
              />
            );
          })}
          {graph.edges.map((edge) => (
            <g
              key={`${edge.from}->${edge.to}:${edge.kind}:${edge.label ?? ''}`}
              className={`console-edge console-edge-${edge.kind}${taken(edge) ? ' console-taken' : ''}`}
            >
              {edge.title ? <title>{edge.title}</title> : null}
              <path d={pathOf(edge.points)} markerEnd="url(#console-arrow)" />
              {edge.label && edge.labelAt ? (
                <text x={edge.labelAt.x} y={edge.labelAt.y + 4} textAnchor="middle">
                  {edge.label}
                </text>
              ) : null}
            </g>
          ))}
          {graph.nodes.map(box)}
        </svg>
      </div>
    </div>
  );
}
