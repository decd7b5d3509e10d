/**
 * A complete service guide (every Art.30/33 field in both languages) for a test item, to publish with
 * `POST /v1/catalog`; `overrides` replace whole fields (its materials, its form, limits…).
 */
export function completeGuide(code: string, overrides: Record<string, unknown> = {}) {
  return {
    code,
    departmentId: 'market',
    name: { zh: '测试事项', en: 'Test item' },
    legalBasis: { zh: '《中华人民共和国行政许可法》', en: 'Administrative Licensing Law' },
    conditions: { zh: '无', en: 'None' },
    procedure: [{ zh: '申请、受理、决定', en: 'Apply, accept, decide' }],
    handlingMode: 'PROMISED',
    legalLimitDays: 20,
    promisedLimitDays: 5,
    deemedConsentEligible: true,
    materials: [{ id: 'application-form', name: { zh: '申请表', en: 'Application form' }, required: true }],
    fees: { zh: '免费', en: 'Free of charge' },
    window: { zh: '一楼 A 区', en: '1F, Zone A' },
    officeHours: { zh: '周一至周五', en: 'Mon–Fri' },
    phone: '0411-8700-1001',
    supervisionPhone: '0411-8700-9999',
    resultDocument: { zh: '许可决定书', en: 'Licence decision' },
    ...overrides,
  };
}
