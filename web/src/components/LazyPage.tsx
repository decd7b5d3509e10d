import { type ComponentType, type LazyExoticComponent, lazy, Suspense } from 'react';
import { useTranslation } from 'react-i18next';

function Loading() {
  const { t } = useTranslation();
  return (
    <p className="loading" aria-live="polite">
      {t('loading')}
    </p>
  );
}

/**
 * A page whose code loads when it is first opened (a chunk of its own: lib/site-build.ts splits the build). For the
 * pages that draw charts or graphs: ECharts and the graph layout are most of the site's weight, and the public
 * catalogue — what a phone in the hall opens first — needs neither. Made once, at a module's top level.
 */
export function lazyPage(load: () => Promise<ComponentType>): LazyExoticComponent<ComponentType> {
  return lazy(async () => ({ default: await load() }));
}

/** Shows a `lazyPage` with a loading line while its code arrives. */
export function Lazy(props: { page: LazyExoticComponent<ComponentType> }) {
  const Page = props.page;
  return (
    <Suspense fallback={<Loading />}>
      <Page />
    </Suspense>
  );
}
