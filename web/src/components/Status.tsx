import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApiProblem } from '../api.ts';

/** What the API refused, as it said it (bilingual title, detail, each field and why). */
export function ProblemView(props: { problem: ApiProblem; onRetry?: () => void }) {
  const { t } = useTranslation();
  const { problem } = props;
  return (
    <div className="problem" role="alert">
      <strong>{problem.title}</strong>
      {problem.detail ? <p>{problem.detail}</p> : null}
      {problem.errors.length ? (
        <ul>
          {problem.errors.map((e) => (
            <li key={`${e.field}:${e.reason}`}>
              <code>{e.field}</code>: {e.reason}
            </li>
          ))}
        </ul>
      ) : null}
      {props.onRetry ? (
        <button type="button" onClick={props.onRetry}>
          {t('retry')}
        </button>
      ) : null}
    </div>
  );
}

/** A loaded resource: the loading line, the problem, or the page. */
export function Loaded<T>(props: {
  state: { data?: T; error?: ApiProblem; loading: boolean; reload?: () => void };
  children: (data: T) => ReactNode;
}) {
  const { t } = useTranslation();
  if (props.state.error) return <ProblemView problem={props.state.error} onRetry={props.state.reload} />;
  if (props.state.data === undefined)
    return (
      <p className="loading" aria-live="polite">
        {t('loading')}
      </p>
    );
  return <>{props.children(props.state.data)}</>;
}
