import { useTranslation } from 'react-i18next';

export type LightColour = 'GREEN' | 'YELLOW' | 'RED' | 'RED_CARD';

/** A case's light: colour AND word (colour alone tells nothing to a colour-blind reader or a screen reader). */
export function Light(props: { light: LightColour | undefined | null }) {
  const { t } = useTranslation();
  if (!props.light) return null;
  return (
    <span className={`light light-${props.light.toLowerCase()}`} data-light={props.light}>
      <span className="light-dot" aria-hidden="true" />
      {t(`lights.${props.light}`)}
    </span>
  );
}
