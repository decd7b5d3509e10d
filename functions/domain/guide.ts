/**
 * Service guides (办事指南) and their completeness (Licensing Law Art.30/33: basis, conditions, quantity limits,
 * procedure, time limit, the full materials list and a sample application, published online too). Bilingual:
 * Simplified Chinese is authoritative; English serves foreign investors and falls back to Chinese visibly.
 * Pure: no I/O.
 */

export type Language = 'zh' | 'en';

/** A text in both languages; `zh` is required, `en` may be missing (then shown in Chinese, flagged as a fallback). */
export interface Text {
  readonly zh: string;
  readonly en?: string;
}

export interface GuideMaterial {
  readonly id: string;
  readonly name: Text;
  /** Required of every applicant; or required only when `condition` holds (conditional), or optional. */
  readonly required: boolean;
  readonly condition?: Text;
  readonly originals: number;
  readonly copies: number;
  /** Where the blank form or a filled-in sample can be had (申请书示范文本). */
  readonly template?: string;
}

export const formFieldTypes = ['string', 'number', 'date', 'boolean', 'enum'] as const;
export type FormFieldType = (typeof formFieldTypes)[number];

/** One field of the item's single form (一表通). */
export interface FormField {
  readonly name: string;
  readonly label: Text;
  readonly type: FormFieldType;
  readonly required: boolean;
  /** For `enum`. */
  readonly options?: readonly string[];
  /** For `string`: maximum length; for `number`: maximum value. */
  readonly max?: number;
  /** For `number`: minimum value. */
  readonly min?: number;
}

export interface ItemGuide {
  readonly code: string;
  readonly departmentId: string;
  readonly name: Text;
  readonly legalBasis: Text;
  readonly conditions: Text;
  readonly quantityLimit?: Text;
  readonly procedure: readonly Text[];
  readonly handlingMode: 'IMMEDIATE' | 'PROMISED';
  readonly legalLimitDays: number;
  readonly promisedLimitDays: number;
  /** Working days the head may extend once (Art.42: 10; joint handling 15). */
  readonly legalExtensionDays: number;
  /** Working days before the deadline from which the light is yellow; default max(1, 20% of the promised limit). */
  readonly yellowWarningDays?: number;
  readonly deemedConsentEligible: boolean;
  readonly materials: readonly GuideMaterial[];
  readonly fees: Text;
  readonly window: Text;
  readonly officeHours: Text;
  /** Consultation phone. */
  readonly phone: string;
  readonly supervisionPhone: string;
  readonly resultDocument: Text;
  readonly sampleApplication?: string;
  readonly form: { readonly fields: readonly FormField[] };
}

/** `Accept-Language` → the guide language: English when it is preferred over Chinese, else Chinese. */
export function pickLanguage(acceptLanguage: string | undefined): Language {
  if (!acceptLanguage) return 'zh';
  const ranked = acceptLanguage
    .split(',')
    .map((part, index) => {
      const [tag = '', ...params] = part.trim().toLowerCase().split(';');
      const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
      const weight = q ? Number(q.slice(2)) : 1;
      return { tag, weight: Number.isFinite(weight) ? weight : 0, index };
    })
    .filter((r) => r.weight > 0)
    .sort((a, b) => b.weight - a.weight || a.index - b.index);
  for (const { tag } of ranked) {
    if (tag === 'en' || tag.startsWith('en-')) return 'en';
    if (tag === 'zh' || tag.startsWith('zh-') || tag === '*') return 'zh';
  }
  return 'zh';
}

/** Both languages in one line, for notices that everyone reads: `中文 English` (Chinese alone when untranslated). */
export function bilingual(text: Text): string {
  return text.en?.trim() ? `${text.zh} ${text.en}` : text.zh;
}

/** Renders a Text in a language, recording the field in `fallbacks` when English is missing. */
export function render(
  text: Text | undefined,
  language: Language,
  field: string,
  fallbacks: string[],
): string | undefined {
  if (!text) return undefined;
  if (language === 'en') {
    if (text.en?.trim()) return text.en;
    fallbacks.push(field);
  }
  return text.zh;
}

/** The guide as one language sees it, with every field that fell back to Chinese listed in `fallbacks`. */
export function localizeGuide(guide: ItemGuide, language: Language) {
  const fallbacks: string[] = [];
  const t = (text: Text | undefined, field: string) => render(text, language, field, fallbacks);
  const view = {
    code: guide.code,
    departmentId: guide.departmentId,
    language,
    name: t(guide.name, 'name'),
    legalBasis: t(guide.legalBasis, 'legalBasis'),
    conditions: t(guide.conditions, 'conditions'),
    ...(guide.quantityLimit ? { quantityLimit: t(guide.quantityLimit, 'quantityLimit') } : {}),
    procedure: guide.procedure.map((step, i) => t(step, `procedure.${i}`)),
    handlingMode: guide.handlingMode,
    legalLimitDays: guide.legalLimitDays,
    promisedLimitDays: guide.promisedLimitDays,
    legalExtensionDays: guide.legalExtensionDays,
    yellowWarningDays: guide.yellowWarningDays ?? null,
    deemedConsentEligible: guide.deemedConsentEligible,
    materials: guide.materials.map((m, i) => ({
      id: m.id,
      name: t(m.name, `materials.${i}.name`),
      required: m.required,
      ...(m.condition ? { condition: t(m.condition, `materials.${i}.condition`) } : {}),
      originals: m.originals,
      copies: m.copies,
      template: m.template ?? null,
    })),
    fees: t(guide.fees, 'fees'),
    window: t(guide.window, 'window'),
    officeHours: t(guide.officeHours, 'officeHours'),
    phone: guide.phone,
    supervisionPhone: guide.supervisionPhone,
    resultDocument: t(guide.resultDocument, 'resultDocument'),
    sampleApplication: guide.sampleApplication ?? null,
    form: {
      fields: guide.form.fields.map((f, i) => ({
        name: f.name,
        label: t(f.label, `form.fields.${i}.label`),
        type: f.type,
        required: f.required,
        ...(f.options ? { options: f.options } : {}),
        ...(f.min !== undefined ? { min: f.min } : {}),
        ...(f.max !== undefined ? { max: f.max } : {}),
      })),
    },
  };
  return { ...view, fallbacks };
}

export interface Completeness {
  /** Share of the required guide fields present in both languages, 0..1. */
  readonly score: number;
  readonly complete: boolean;
  /** What is missing: the field and the language (or `value` for a missing non-text value). */
  readonly missing: readonly { readonly field: string; readonly language: Language | 'value' }[];
}

/**
 * Completeness of a guide as the law asks (Art.30/33) and the campaign requires (100% published online, in both
 * languages for foreign investors): every listed field present in Chinese and English, at least one procedure step
 * and one material, each material named in both languages with a template for the application form, a sample
 * application, phones.
 */
export function completeness(guide: ItemGuide): Completeness {
  const missing: { field: string; language: Language | 'value' }[] = [];
  let checks = 0;
  const text = (value: Text | undefined, field: string) => {
    checks += 2;
    if (!value?.zh?.trim()) missing.push({ field, language: 'zh' });
    if (!value?.en?.trim()) missing.push({ field, language: 'en' });
  };
  const value = (present: boolean, field: string) => {
    checks += 1;
    if (!present) missing.push({ field, language: 'value' });
  };
  text(guide.name, 'name');
  text(guide.legalBasis, 'legalBasis');
  text(guide.conditions, 'conditions');
  value(guide.procedure.length > 0, 'procedure');
  for (const [i, step] of guide.procedure.entries()) text(step, `procedure.${i}`);
  value(guide.materials.length > 0, 'materials');
  for (const [i, m] of guide.materials.entries()) text(m.name, `materials.${i}.name`);
  text(guide.fees, 'fees');
  text(guide.window, 'window');
  text(guide.officeHours, 'officeHours');
  text(guide.resultDocument, 'resultDocument');
  value(/\d/.test(guide.phone), 'phone');
  value(/\d/.test(guide.supervisionPhone), 'supervisionPhone');
  value(Boolean(guide.sampleApplication?.trim()), 'sampleApplication');
  value(guide.promisedLimitDays <= guide.legalLimitDays, 'promisedLimitDays');
  const score = checks === 0 ? 0 : Math.round(((checks - missing.length) / checks) * 1000) / 1000;
  return { score, complete: missing.length === 0, missing };
}

export type FormAnswers = Readonly<Record<string, unknown>>;

/** Checks an application's form answers against the item's form; every problem is named by its field. */
/**
 * The answer to one field, if given. Own properties only: a form field may be called `constructor` or `toString`,
 * which a plain lookup would find on every object's prototype.
 */
export function answerOf(answers: Readonly<Record<string, unknown>> | undefined, name: string): unknown {
  return answers !== undefined && Object.hasOwn(answers, name) ? answers[name] : undefined;
}

export function validateFormAnswers(
  form: ItemGuide['form'],
  answers: FormAnswers,
): { field: string; reason: string }[] {
  const errors: { field: string; reason: string }[] = [];
  const known = new Set(form.fields.map((f) => f.name));
  for (const name of Object.keys(answers)) {
    if (!known.has(name))
      errors.push({ field: `form.${name}`, reason: '不是该事项表单的字段 not a field of this item’s form' });
  }
  for (const field of form.fields) {
    const value = answerOf(answers, field.name);
    const at = `form.${field.name}`;
    if (value === undefined || value === null || value === '') {
      // "required" only of an answer left out, as the request schemas say it; one sent empty is told so.
      if (field.required)
        errors.push({ field: at, reason: value === undefined ? 'required' : '不能为空 must not be empty' });
      continue;
    }
    switch (field.type) {
      case 'string':
        if (typeof value !== 'string') errors.push({ field: at, reason: '须为文字 must be text' });
        else if (field.max !== undefined && value.length > field.max)
          errors.push({ field: at, reason: `最多 ${field.max} 个字符 at most ${field.max} characters` });
        break;
      case 'number':
        if (typeof value !== 'number' || !Number.isFinite(value))
          errors.push({ field: at, reason: '须为数字 must be a number' });
        else if (field.min !== undefined && value < field.min)
          errors.push({ field: at, reason: `不能小于 ${field.min} must be at least ${field.min}` });
        else if (field.max !== undefined && value > field.max)
          errors.push({ field: at, reason: `不能大于 ${field.max} must be at most ${field.max}` });
        break;
      case 'date':
        if (
          typeof value !== 'string' ||
          !/^\d{4}-\d{2}-\d{2}$/.test(value) ||
          Number.isNaN(Date.parse(`${value}T00:00:00Z`))
        )
          errors.push({ field: at, reason: '须为 YYYY-MM-DD 格式的日期 must be a date YYYY-MM-DD' });
        break;
      case 'boolean':
        if (typeof value !== 'boolean') errors.push({ field: at, reason: '须为 true 或 false must be true or false' });
        break;
      case 'enum':
        if (typeof value !== 'string' || !(field.options ?? []).includes(value))
          errors.push({
            field: at,
            reason: `须为以下之一：${(field.options ?? []).join(', ')} must be one of ${(field.options ?? []).join(', ')}`,
          });
        break;
    }
  }
  return errors;
}
