/**
 * The blank form (空白表格) of one material of an item, and the sample application (样表) — the same form with
 * example answers — that a service guide links for every material with a template (Licensing Law Art.30: 申请书示范
 * 文本). Rendered from the guide itself, so a template can never disagree with the guide it belongs to: the item,
 * the material's requirements, and the item's form fields as blanks. Chinese with English alongside, as printed
 * forms in the hall are. Pure: no I/O.
 */
import { bilingual, type FormField, type GuideMaterial, type ItemGuide } from './guide.ts';

export const CENTRE = '开发区行政服务中心 Development Zone Administrative Service Centre';

export interface TemplateField {
  readonly name: string;
  readonly label: string;
  /** What goes in the blank, in words: 文字 Text, 数字 Number, …, or the choices. */
  readonly kind: string;
  readonly required: boolean;
  /** The sample's example answer; null on a blank form. */
  readonly answer: string | null;
}

export interface MaterialTemplate {
  readonly centre: string;
  readonly sample: boolean;
  readonly title: string;
  readonly itemCode: string;
  readonly item: string;
  readonly materialId: string;
  readonly material: string;
  readonly requirements: readonly string[];
  readonly window: string;
  readonly phone: string;
  readonly fields: readonly TemplateField[];
  readonly note: string;
}

const KINDS: Record<FormField['type'], string> = {
  string: '文字 Text',
  number: '数字 Number',
  date: '日期 Date (YYYY-MM-DD)',
  boolean: '是/否 Yes/No',
  enum: '选择 Choose one',
};

/** The template of `materialId` of the item, or undefined when the item lists no such material. */
export function materialTemplate(
  guide: ItemGuide,
  materialId: string,
  options: { readonly sample: boolean; readonly today: string },
): MaterialTemplate | undefined {
  const material = guide.materials.find((m) => m.id === materialId);
  if (!material) return undefined;
  const name = bilingual(material.name);
  return {
    centre: CENTRE,
    sample: options.sample,
    title: options.sample ? `${name}（样表 Sample）` : name,
    itemCode: guide.code,
    item: bilingual(guide.name),
    materialId: material.id,
    material: name,
    requirements: requirementsOf(material),
    window: bilingual(guide.window),
    phone: guide.phone,
    fields: guide.form.fields.map((f) => ({
      name: f.name,
      label: bilingual(f.label),
      kind: f.type === 'enum' && f.options?.length ? `${KINDS.enum}: ${f.options.join(' / ')}` : KINDS[f.type],
      required: f.required,
      answer: options.sample ? exampleAnswer(f, options.today) : null,
    })),
    note: options.sample
      ? '样表：示例内容仅供填写参考，请勿直接提交。Sample: the answers are examples for reference; do not hand this in.'
      : '请用黑色墨水笔或签字笔填写，字迹清楚，不得涂改。Fill in with black ink, clearly, without corrections.',
  };
}

function requirementsOf(m: GuideMaterial): string[] {
  return [
    m.condition
      ? `条件提交 Conditional: ${bilingual(m.condition)}`
      : m.required
        ? '必须提交 Required'
        : '可选提交 Optional',
    `原件 ${m.originals} 份 originals, 复印件 ${m.copies} 份 copies`,
  ];
}

/** An answer the form would accept: within the field's bounds, the first of its options, the day it is printed. */
function exampleAnswer(f: FormField, today: string): string {
  switch (f.type) {
    case 'string': {
      const text = `示例 Example: ${f.label.en ?? f.label.zh}`;
      return f.max !== undefined ? text.slice(0, f.max) : text;
    }
    case 'number':
      return String(Math.min(f.max ?? Number.POSITIVE_INFINITY, Math.max(f.min ?? 0, 100)));
    case 'date':
      return today;
    case 'boolean':
      return '是 Yes';
    case 'enum':
      return f.options?.[0] ?? '';
  }
}
