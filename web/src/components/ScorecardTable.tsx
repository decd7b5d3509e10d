import type { ScorecardRow } from '../charts/scorecard.ts';

/** The scorecard table's words, in the page's language (each area says them its own way: the public, supervision). */
export interface ScorecardWords {
  readonly caption: string;
  readonly target: string;
  readonly baseline: string;
  readonly current: string;
  readonly goal: string;
  readonly verdict: string;
  readonly met: string;
  readonly missed: string;
  readonly unknown: string;
}

const percent = (value: number | null) => (value === null ? '—' : `${value}%`);

/**
 * The campaign targets as a table: the same figures as the scorecard chart beside it (every chart has a table of its
 * figures), one row per target with its definition as the row header's title. The caller wraps it in its scrolling
 * region; `verdictClass` lets an area colour the verdict (the words say it too: colour is never alone).
 */
export function ScorecardTable(props: {
  rows: readonly ScorecardRow[];
  words: ScorecardWords;
  testId?: string;
  captionClass?: string;
  verdictClass?: (met: boolean | null) => string;
}) {
  const { words } = props;
  return (
    <table data-testid={props.testId}>
      <caption className={props.captionClass}>{words.caption}</caption>
      <thead>
        <tr>
          <th scope="col">{words.target}</th>
          <th scope="col" className="num">
            {words.baseline}
          </th>
          <th scope="col" className="num">
            {words.current}
          </th>
          <th scope="col" className="num">
            {words.goal}
          </th>
          <th scope="col">{words.verdict}</th>
        </tr>
      </thead>
      <tbody>
        {props.rows.map((row) => (
          <tr key={row.key} data-target={row.key}>
            <th scope="row" title={row.definition}>
              {row.name}
            </th>
            <td className="num">{percent(row.baseline)}</td>
            <td className="num">{percent(row.current)}</td>
            <td className="num">{percent(row.target)}</td>
            <td>
              <span className={props.verdictClass?.(row.met)}>
                {row.met === true ? words.met : row.met === false ? words.missed : words.unknown}
              </span>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
