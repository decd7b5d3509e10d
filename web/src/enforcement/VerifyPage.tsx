import { type FormEvent, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { ApiProblem, api } from '../api.ts';
import { ProblemView } from '../components/Status.tsx';
import { chinaTime, type Verification } from './model.ts';

/**
 * The enterprise's check at its door (`/enforcement/verify`, no sign-in): the code an inspector gives, checked with
 * `GET /v1/enforcement/verify`. Valid shows the department, purpose, legal basis, date and the inspectors to match
 * against who is at the door; anything else says not valid (and why, for a code that was issued). `?code=` fills
 * the form and checks at once (a code sent as a link or a QR code).
 */
export function VerifyPage() {
  const { t } = useTranslation('enforcement');
  const [params] = useSearchParams();
  const [code, setCode] = useState(params.get('code') ?? '');
  const [state, setState] = useState<{ busy: boolean; result?: Verification; problem?: ApiProblem }>({ busy: false });

  const check = async (typed: string) => {
    setState({ busy: true });
    try {
      const result = await api<Verification>(`/v1/enforcement/verify?code=${encodeURIComponent(typed.trim())}`, {
        anonymous: true,
      });
      setState({ busy: false, result });
    } catch (error) {
      setState({
        busy: false,
        problem: error instanceof ApiProblem ? error : new ApiProblem(0, '网络错误 Network error', String(error)),
      });
    }
  };
  // biome-ignore lint/correctness/useExhaustiveDependencies: a code in the address is checked once, on arrival
  useEffect(() => {
    if (params.get('code')) void check(params.get('code') ?? '');
  }, []);

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    void check(code);
  };

  return (
    <section className="enforcement-verify">
      <h1>{t('verifyTitle')}</h1>
      <p>{t('verifyIntro')}</p>
      <form onSubmit={submit} className="narrow">
        <label>
          {t('code')}
          <input
            name="code"
            value={code}
            onChange={(e) => setCode(e.target.value)}
            required
            autoComplete="off"
            autoCapitalize="characters"
            spellCheck={false}
            maxLength={40}
            aria-describedby="verify-code-hint"
          />
          <small id="verify-code-hint">{t('codeHint')}</small>
        </label>
        <button type="submit" className="primary" disabled={state.busy}>
          {state.busy ? t('checking') : t('check')}
        </button>
      </form>
      <div aria-live="polite">
        {state.problem ? <ProblemView problem={state.problem} /> : null}
        {state.result ? <Result result={state.result} /> : null}
      </div>
    </section>
  );
}

function Result({ result }: { result: Verification }) {
  const { t } = useTranslation('enforcement');
  if (!result.valid) {
    return (
      <article className="card enforcement-result invalid" data-testid="verify-result" data-valid="false">
        <h2>{t('invalid')}</h2>
        {result.reason ? <p data-reason={result.reason}>{t(`reason.${result.reason}`)}</p> : null}
        {result.validFrom && result.validUntil ? (
          <p>
            {t('window')}: {t('windowRange', { from: result.validFrom, to: result.validUntil })}
          </p>
        ) : null}
        <p>{t('invalidAdvice')}</p>
      </article>
    );
  }
  return (
    <article className="card enforcement-result valid" data-testid="verify-result" data-valid="true">
      <h2>{t('valid')}</h2>
      <dl className="enforcement-facts">
        <dt>{t('code')}</dt>
        <dd>
          <code>{result.code}</code>
        </dd>
        <dt>{t('department')}</dt>
        <dd data-testid="verify-department">
          {result.departmentName ? `${result.departmentName.zh} ${result.departmentName.en}` : result.departmentId}
        </dd>
        <dt>{t('purpose')}</dt>
        <dd data-testid="verify-purpose">{result.purpose}</dd>
        <dt>{t('legalBasis')}</dt>
        <dd>{result.legalBasis}</dd>
        <dt>{t('plannedAt')}</dt>
        <dd data-testid="verify-planned">{result.plannedAt ? chinaTime(result.plannedAt) : ''}</dd>
        <dt>{t('window')}</dt>
        <dd>{t('windowRange', { from: result.validFrom, to: result.validUntil })}</dd>
        <dt>{t('creditCodeEndsWith')}</dt>
        <dd>{result.creditCodeEndsWith}</dd>
        <dt>{t('inspectors')}</dt>
        <dd>
          <ul data-testid="verify-inspectors">
            {result.inspectors?.map((i) => (
              <li key={`${i.name}:${i.certificateNo ?? ''}`}>
                {i.name}
                {i.certificateNo ? `（${t('certificate', { no: i.certificateNo })}）` : ''}
              </li>
            ))}
          </ul>
        </dd>
      </dl>
    </article>
  );
}
