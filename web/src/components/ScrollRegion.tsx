import type { ReactNode } from 'react';

/**
 * A wide table's scrolling box: a named region that takes the focus, so a keyboard can scroll it when the table is
 * wider than the screen (360 px, the kiosk's large type). axe's `scrollable-region-focusable` asks for it.
 */
export function ScrollRegion(props: { label: string; children: ReactNode }) {
  return (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling region must take the focus to be scrolled by keys
    <section className="table-scroll" tabIndex={0} aria-label={props.label}>
      {props.children}
    </section>
  );
}
