/** A field of an item's form as GET /v1/catalog lists it (functions/domain/guide.ts FormField, on the wire). */
export interface ListedFormField {
  readonly name: string;
  readonly type: string;
  readonly required?: boolean;
  readonly options?: readonly string[];
  readonly min?: number;
  readonly max?: number;
}

/** What an application needs of a catalogue item as GET /v1/catalog lists it. */
export interface ApplicableItem {
  readonly code: string;
  readonly materials: readonly { readonly id: string; readonly required?: boolean }[];
  readonly form?: { readonly fields: readonly ListedFormField[] };
}

export interface Applicant {
  readonly type: 'ENTERPRISE' | 'PERSON';
  readonly name: string;
  readonly phone: string;
}

/** A valid answer to every required field of an item's form (一表通); `text` for the string fields. */
export function formAnswers(
  fields: readonly ListedFormField[],
  text = '测试',
): Record<string, string | number | boolean> {
  const answers: Record<string, string | number | boolean> = {};
  for (const field of fields) {
    if (!field.required) continue;
    if (field.type === 'number') answers[field.name] = field.min ?? Math.min(1, field.max ?? 1);
    else if (field.type === 'date') answers[field.name] = '2026-12-01';
    else if (field.type === 'boolean') answers[field.name] = true;
    else if (field.type === 'enum') answers[field.name] = field.options?.[0] ?? '';
    else answers[field.name] = text.slice(0, field.max ?? 100);
  }
  return answers;
}

/**
 * A complete application for any catalogue item, read from the catalogue: every required material and a valid answer
 * to every required form field, so it is accepted on the spot. The tests and the bench file cases with it.
 */
export function applicationFor(
  item: ApplicableItem,
  applicant: Applicant = { type: 'ENTERPRISE', name: '大连示例科技有限公司', phone: '0411-8888-0000' },
) {
  return {
    itemCode: item.code,
    applicant,
    materials: item.materials.filter((m) => m.required).map((m) => ({ id: m.id })),
    ...(item.form && item.form.fields.length > 0 ? { form: formAnswers(item.form.fields) } : {}),
  };
}
