import { useTranslation } from 'react-i18next';
import { useApi } from '../api.ts';
import { Loaded } from '../components/Status.tsx';
import type { InspectionList } from '../enforcement/model.ts';
import { InspectionTable } from '../enforcement/parts.tsx';
import { SubNav } from './SubNav.tsx';

/**
 * Supervision's filing desk for law-enforcement inspections (`/supervision/enforcement`, docs/enforcement.md): the
 * plans approved by their heads waiting to be filed (备案: the verification code is issued), the plans over the
 * enterprise's yearly limit (flagged, with their cause), and the year's register.
 */
export function EnforcementQueue() {
  const { t } = useTranslation('enforcement');
  const list = useApi<InspectionList>('/v1/enforcement/inspections');
  return (
    <section className="supervision-enforcement">
      <SubNav />
      <h1>{t('superTitle')}</h1>
      <p>{t('superIntro')}</p>
      <Loaded state={list}>
        {(data) => {
          const queue = data.inspections.filter((i) => i.status === 'APPROVED');
          const flagged = data.inspections.filter((i) => i.overLimit);
          return (
            <>
              <h2>{t('queue')}</h2>
              {queue.length ? (
                <InspectionTable inspections={queue} acts={['file']} onChanged={list.reload} testId="filing-queue" />
              ) : (
                <p data-testid="queue-empty">{t('queueEmpty')}</p>
              )}
              <h2>{t('flagged')}</h2>
              {flagged.length ? (
                <InspectionTable inspections={flagged} acts={[]} onChanged={list.reload} testId="over-limit" />
              ) : (
                <p>{t('flaggedEmpty')}</p>
              )}
              <h2>
                {t('all')} {data.year}
              </h2>
              <InspectionTable
                inspections={data.inspections}
                acts={[]}
                onChanged={list.reload}
                testId="all-inspections"
              />
            </>
          );
        }}
      </Loaded>
    </section>
  );
}
