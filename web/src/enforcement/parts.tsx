import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiProblem, api } from '../api.ts';
import { ProblemView } from '../components/Status.tsx';
import { chinaTime, type Inspection } from './model.ts';

export type Act = 'approve' | 'reject' | 'file' | 'record';

/**
 * Inspections as a table, one row each (`data-id`, `data-status`), with the acts the viewer may take on each: a head
 * approves or rejects a plan awaiting approval, supervision files an approved one, the department records a filed
 * one. The API decides (a refused act shows its problem); the page only offers what the viewer's role may do.
 */
export function InspectionTable(props: {
  inspections: readonly Inspection[];
  acts: readonly Act[];
  onChanged: () => void;
  testId?: string;
}) {
  const { t } = useTranslation('enforcement');
  if (props.inspections.length === 0) return <p>{t('none')}</p>;
  return (
    <div className="table-scroll">
      <table className="enforcement-table" data-testid={props.testId}>
        <thead>
          <tr>
            <th>{t('enterprise')}</th>
            <th>{t('plannedAt')}</th>
            <th>{t('purpose')}</th>
            <th>{t('status')}</th>
            <th>{t('verificationCode')}</th>
            <th>{t('actions')}</th>
          </tr>
        </thead>
        <tbody>
          {props.inspections.map((i) => (
            <tr key={i.id} data-id={i.id} data-status={i.status}>
              <td>
                {i.enterprise.name}
                <br />
                <small>{i.enterprise.creditCode}</small>
                {i.overLimit ? (
                  <span className="badge warning" title={i.cause ?? ''}>
                    {' '}
                    {t('overLimit')}
                  </span>
                ) : null}
              </td>
              <td>
                {chinaTime(i.plannedAt)}
                <br />
                <small>{i.departmentId}</small>
              </td>
              <td>{i.purpose}</td>
              <td data-testid="status">{`${i.statusName.zh} ${i.statusName.en}`}</td>
              <td>{i.verificationCodeDisplay ? <code data-testid="code">{i.verificationCodeDisplay}</code> : '—'}</td>
              <td>
                <Acts inspection={i} acts={props.acts} onChanged={props.onChanged} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function Acts(props: { inspection: Inspection; acts: readonly Act[]; onChanged: () => void }) {
  const { t } = useTranslation('enforcement');
  const [problem, setProblem] = useState<ApiProblem>();
  const [busy, setBusy] = useState(false);
  const { inspection: i } = props;
  const run = async (act: Act, body: object = {}) => {
    setBusy(true);
    setProblem(undefined);
    try {
      await api(`/v1/enforcement/inspections/${encodeURIComponent(i.id)}/${act}`, { method: 'POST', body });
      props.onChanged();
    } catch (error) {
      setProblem(error instanceof ApiProblem ? error : new ApiProblem(0, '网络错误 Network error', String(error)));
    } finally {
      setBusy(false);
    }
  };
  const withText = (act: Act, field: string) => (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    void run(act, { [field]: String(new FormData(event.currentTarget).get(field) ?? '') });
  };
  const can = (act: Act) => props.acts.includes(act);
  return (
    <div className="enforcement-acts">
      {i.status === 'PENDING_APPROVAL' && can('approve') ? (
        <button type="button" className="primary" disabled={busy} onClick={() => void run('approve')}>
          {t('approve')}
        </button>
      ) : null}
      {i.status === 'PENDING_APPROVAL' && can('reject') ? (
        <form onSubmit={withText('reject', 'reason')}>
          <label>
            {t('rejectReason')}
            <input name="reason" required maxLength={2000} />
          </label>
          <button type="submit" disabled={busy}>
            {t('reject')}
          </button>
        </form>
      ) : null}
      {i.status === 'APPROVED' && can('file') ? (
        <button type="button" className="primary" disabled={busy} onClick={() => void run('file')}>
          {t('file')}
        </button>
      ) : null}
      {i.status === 'FILED' && can('record') ? (
        <form onSubmit={withText('record', 'findings')}>
          <label>
            {t('findings')}
            <textarea name="findings" required maxLength={2000} rows={2} />
          </label>
          <button type="submit" disabled={busy}>
            {t('record')}
          </button>
        </form>
      ) : null}
      {i.rejection ? <small>{i.rejection.reason}</small> : null}
      {i.result ? <small>{i.result.findings}</small> : null}
      {problem ? <ProblemView problem={problem} /> : null}
    </div>
  );
}
