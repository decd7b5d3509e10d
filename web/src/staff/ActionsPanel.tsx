import { type FormEvent, type ReactNode, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiProblem, api, useApi } from '../api.ts';
import { ProblemView } from '../components/Status.tsx';
import { pick } from '../i18n.ts';
import { statusLabel } from '../labels.ts';
import type { ActionAnswer, CaseDetail } from './types.ts';

/** Each action's route under /v1/applications/{id}/. */
const paths: Readonly<Record<string, string>> = {
  decide: 'decision',
  suspend: 'suspend',
  resume: 'resume',
  extension: 'extension',
  approveExtension: 'extension/approve',
  notice: 'notice',
  accept: 'accept',
  materials: 'materials',
};

const pauseReasons = [
  'SUPPLEMENT',
  'HEARING',
  'BIDDING',
  'AUCTION',
  'INSPECTION',
  'TESTING',
  'QUARANTINE',
  'APPRAISAL',
  'EXPERT_REVIEW',
] as const;

interface ItemGuide {
  readonly materials: readonly { readonly id: string; readonly name: string; readonly required: boolean }[];
}

type Outcome = { readonly ok: true; readonly text: string } | { readonly ok: false; readonly problem: ApiProblem };

/**
 * Every action on the case, as the API answers for the signed-in person (`actions` of GET /v1/applications/{id}):
 * the allowed ones with their small form, the others disabled with the API's reason in words — never hidden. After an
 * action the case is read again and the API's answer (or its problem) is shown.
 */
export function ActionsPanel(props: { c: CaseDetail; reload: () => void }) {
  const { t } = useTranslation('staff');
  const [outcome, setOutcome] = useState<Outcome>();
  const [busy, setBusy] = useState(false);
  const needsGuide = props.c.actions.some((a) => a.allowed && (a.action === 'notice' || a.action === 'materials'));
  const guide = useApi<ItemGuide>(needsGuide ? `/v1/catalog/${encodeURIComponent(props.c.itemCode)}` : undefined, {
    anonymous: true,
  });
  const run = async (action: string, body?: unknown) => {
    const path = paths[action];
    if (!path) return;
    setBusy(true);
    try {
      const after = await api<{ status: string }>(`/v1/applications/${encodeURIComponent(props.c.id)}/${path}`, {
        method: 'POST',
        ...(body !== undefined ? { body } : {}),
      });
      setOutcome({
        ok: true,
        text: t('actions.done', {
          action: t(`actions.names.${action}`),
          status: statusLabel(after.status),
        }),
      });
    } catch (error) {
      setOutcome({
        ok: false,
        problem: error instanceof ApiProblem ? error : new ApiProblem(0, '网络错误 Network error', String(error)),
      });
    } finally {
      setBusy(false);
      props.reload();
    }
  };
  // The allowed first: what the person can do now leads; what they cannot follows, each with why.
  const ordered = [...props.c.actions].sort((a, b) => Number(b.allowed) - Number(a.allowed));
  return (
    <section aria-labelledby="staff-actions" className="staff-actions">
      <h2 id="staff-actions">{t('actions.heading')}</h2>
      <p>{t('actions.intro')}</p>
      <div aria-live="polite" data-testid="action-outcome">
        {outcome?.ok ? (
          <p className="staff-done" role="status">
            {outcome.text}
          </p>
        ) : null}
        {outcome && !outcome.ok ? <ProblemView problem={outcome.problem} /> : null}
      </div>
      <div className="staff-action-grid">
        {ordered.map((answer) => (
          <ActionCard key={answer.action} answer={answer}>
            <ActionForm
              answer={answer}
              c={props.c}
              busy={busy}
              materials={guide.data?.materials}
              run={(body) => run(answer.action, body)}
            />
          </ActionCard>
        ))}
      </div>
    </section>
  );
}

function ActionCard(props: { answer: ActionAnswer; children: ReactNode }) {
  const { t } = useTranslation('staff');
  const why = useId();
  const { answer } = props;
  return (
    <section
      className={`card staff-action${answer.allowed ? '' : ' refused'}`}
      data-action={answer.action}
      data-allowed={String(answer.allowed)}
      aria-label={t(`actions.names.${answer.action}`)}
    >
      <h3>{t(`actions.names.${answer.action}`)}</h3>
      {answer.allowed ? (
        props.children
      ) : (
        <>
          <p id={why} className="staff-reason">
            {pick(answer.reason)}
          </p>
          <button type="button" disabled aria-describedby={why}>
            {t(`actions.names.${answer.action}`)}
          </button>
        </>
      )}
    </section>
  );
}

function ActionForm(props: {
  answer: ActionAnswer;
  c: CaseDetail;
  busy: boolean;
  materials: ItemGuide['materials'] | undefined;
  run: (body?: unknown) => void;
}) {
  const { t } = useTranslation('staff');
  const { answer, c, busy, run } = props;
  const submit = (body?: () => unknown) => (event: FormEvent) => {
    event.preventDefault();
    run(body?.());
  };
  const button = (
    <button type="submit" className="primary" disabled={busy}>
      {t(`actions.names.${answer.action}`)}
    </button>
  );
  switch (answer.action) {
    case 'decide':
      return <DecideForm busy={busy} run={run} />;
    case 'suspend':
      return <SuspendForm busy={busy} run={run} />;
    case 'extension':
      return <ExtensionForm busy={busy} run={run} />;
    case 'approveExtension':
      return (
        <form onSubmit={submit()}>
          {c.extension ? (
            <p>{t('actions.pendingExtension', { days: c.extension.workingDays, reason: c.extension.reason })}</p>
          ) : null}
          {button}
        </form>
      );
    case 'resume':
    case 'accept':
      return <form onSubmit={submit()}>{button}</form>;
    case 'notice':
      return <NoticeForm busy={busy} run={run} materials={props.materials ?? c.materials.map(asNamed)} />;
    case 'materials':
      return (
        <MaterialsForm
          busy={busy}
          run={run}
          materials={props.materials ?? c.materials.map(asNamed)}
          asked={c.notices.at(-1)?.missing ?? []}
        />
      );
    default:
      return <p>{t('actions.notHere')}</p>;
  }
}

const asNamed = (m: { id: string }) => ({ id: m.id, name: m.id, required: true });

function DecideForm(props: { busy: boolean; run: (body: unknown) => void }) {
  const { t } = useTranslation('staff');
  const [outcome, setOutcome] = useState<'APPROVED' | 'REJECTED'>('APPROVED');
  const [reason, setReason] = useState('');
  const name = useId();
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        props.run({ outcome, ...(reason.trim() ? { reason: reason.trim() } : {}) });
      }}
    >
      <fieldset>
        <legend>{t('actions.outcome')}</legend>
        <label className="staff-inline">
          <input
            type="radio"
            name={name}
            value="APPROVED"
            checked={outcome === 'APPROVED'}
            onChange={() => setOutcome('APPROVED')}
          />
          {t('actions.approve')}
        </label>
        <label className="staff-inline">
          <input
            type="radio"
            name={name}
            value="REJECTED"
            checked={outcome === 'REJECTED'}
            onChange={() => setOutcome('REJECTED')}
          />
          {t('actions.reject')}
        </label>
      </fieldset>
      <label>
        {t('actions.reason')}
        {outcome === 'REJECTED' ? ` (${t('actions.reasonRequired')})` : ''}
        <textarea
          value={reason}
          required={outcome === 'REJECTED'}
          maxLength={2000}
          onChange={(e) => setReason(e.target.value)}
        />
      </label>
      <button type="submit" className="primary" disabled={props.busy}>
        {t('actions.names.decide')}
      </button>
    </form>
  );
}

function SuspendForm(props: { busy: boolean; run: (body: unknown) => void }) {
  const { t } = useTranslation('staff');
  const [reason, setReason] = useState<string>('SUPPLEMENT');
  const [days, setDays] = useState('5');
  const [note, setNote] = useState('');
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        props.run({ reason, expectedWorkingDays: Number(days), ...(note.trim() ? { note: note.trim() } : {}) });
      }}
    >
      <label>
        {t('actions.pauseReason')}
        <select value={reason} onChange={(e) => setReason(e.target.value)}>
          {pauseReasons.map((r) => (
            <option key={r} value={r}>
              {t(`pauseReasons.${r}`)}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('actions.expectedDays')}
        <input type="number" min={1} max={120} required value={days} onChange={(e) => setDays(e.target.value)} />
      </label>
      <label>
        {t('actions.note')}
        <textarea value={note} maxLength={2000} onChange={(e) => setNote(e.target.value)} />
      </label>
      <button type="submit" className="primary" disabled={props.busy}>
        {t('actions.names.suspend')}
      </button>
    </form>
  );
}

function ExtensionForm(props: { busy: boolean; run: (body: unknown) => void }) {
  const { t } = useTranslation('staff');
  const [days, setDays] = useState('5');
  const [reason, setReason] = useState('');
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        props.run({ workingDays: Number(days), reason: reason.trim() });
      }}
    >
      <label>
        {t('actions.workingDays')}
        <input type="number" min={1} max={15} required value={days} onChange={(e) => setDays(e.target.value)} />
      </label>
      <label>
        {t('actions.extensionReason')}
        <textarea value={reason} required maxLength={2000} onChange={(e) => setReason(e.target.value)} />
      </label>
      <button type="submit" className="primary" disabled={props.busy}>
        {t('actions.names.extension')}
      </button>
    </form>
  );
}

function NoticeForm(props: {
  busy: boolean;
  run: (body: unknown) => void;
  materials: readonly { id: string; name: string }[];
}) {
  const { t } = useTranslation('staff');
  const [defects, setDefects] = useState<Record<string, string | undefined>>({});
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        props.run({
          defects: Object.entries(defects).flatMap(([id, defect]) =>
            defect === undefined ? [] : [{ id, defect: defect.trim() }],
          ),
        });
      }}
    >
      <fieldset>
        <legend>{t('actions.defectsLegend')}</legend>
        {props.materials.map((m) => (
          <div key={m.id} className="staff-material">
            <label className="staff-inline">
              <input
                type="checkbox"
                checked={defects[m.id] !== undefined}
                onChange={(e) => setDefects((d) => ({ ...d, [m.id]: e.target.checked ? '' : undefined }))}
              />
              {t('actions.defective', { name: m.name })}
            </label>
            {defects[m.id] !== undefined ? (
              <label>
                {t('actions.defect', { name: m.name })}
                <input
                  type="text"
                  required
                  maxLength={500}
                  value={defects[m.id]}
                  onChange={(e) => setDefects((d) => ({ ...d, [m.id]: e.target.value }))}
                />
              </label>
            ) : null}
          </div>
        ))}
      </fieldset>
      <button type="submit" className="primary" disabled={props.busy}>
        {t('actions.names.notice')}
      </button>
    </form>
  );
}

function MaterialsForm(props: {
  busy: boolean;
  run: (body: unknown) => void;
  materials: readonly { id: string; name: string }[];
  asked: readonly string[];
}) {
  const { t } = useTranslation('staff');
  const [chosen, setChosen] = useState<ReadonlySet<string>>(() => new Set(props.asked));
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        props.run({ materials: [...chosen].map((id) => ({ id })) });
      }}
    >
      <fieldset>
        <legend>{t('actions.resubmitLegend')}</legend>
        {props.materials.map((m) => (
          <label key={m.id} className="staff-inline">
            <input
              type="checkbox"
              checked={chosen.has(m.id)}
              onChange={(e) =>
                setChosen((s) => {
                  const next = new Set(s);
                  if (e.target.checked) next.add(m.id);
                  else next.delete(m.id);
                  return next;
                })
              }
            />
            {m.name}
          </label>
        ))}
      </fieldset>
      <button type="submit" className="primary" disabled={props.busy}>
        {t('actions.names.materials')}
      </button>
    </form>
  );
}
