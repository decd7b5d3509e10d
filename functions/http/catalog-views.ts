import { completeness, type Language, localizeGuide, pickLanguage, render, type Text } from '../domain/guide.ts';
import type { Baseline, CatalogItem, DepartmentRecord } from '../store/catalog.ts';
import { type HttpEvent, headerOf } from './handler.ts';

export function languageOf(event: HttpEvent): Language {
  return pickLanguage(headerOf(event, 'accept-language'));
}

/** The guide in the asked language, with its state, revision and completeness. */
export function itemView(item: CatalogItem, language: Language) {
  const guide = localizeGuide(item, language);
  const { score, complete, missing } = completeness(item);
  return {
    ...guide,
    status: item.status,
    revision: item.revision,
    revisedAt: item.revisedAt,
    completeness: { score, complete, missing },
  };
}

export function departmentView(department: DepartmentRecord, language: Language) {
  const fallbacks: string[] = [];
  const t = (text: Text, field: string) => render(text, language, field, fallbacks);
  return {
    id: department.id,
    language,
    name: t(department.name, 'name'),
    address: t(department.address, 'address'),
    phone: department.phone,
    hours: t(department.hours, 'hours'),
    supervisionPhone: department.supervisionPhone,
    windows: department.windows.map((w, i) => ({
      id: w.id,
      name: t(w.name, `windows.${i}.name`),
      comprehensive: w.comprehensive,
    })),
    status: department.status,
    revision: department.revision,
    fallbacks,
  };
}

export function baselineView(baseline: Baseline | undefined) {
  return baseline
    ? {
        handlingMode: baseline.handlingMode,
        legalLimitDays: baseline.legalLimitDays,
        promisedLimitDays: baseline.promisedLimitDays,
        recordedAt: baseline.recordedAt,
      }
    : null;
}

/** Response headers for a localized answer. */
export function languageHeaders(language: Language): Record<string, string> {
  return { 'content-language': language === 'en' ? 'en' : 'zh-CN', vary: 'Accept-Language' };
}
