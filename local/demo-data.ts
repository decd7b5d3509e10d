import type { FormField, GuideMaterial, ItemGuide, Text } from '../functions/domain/guide.ts';
import type { Department } from '../functions/store/catalog.ts';

/**
 * Demo data for a development zone's administrative service centre (行政服务中心), loaded on first start.
 * Fictional people and phone numbers; realistic items, limits, materials and legal bases. One guide (TX-002) is
 * left without some English on purpose, so the disclosure rate and the language fallback have something to show.
 */
const t = (zh: string, en?: string): Text => (en === undefined ? { zh } : { zh, en });

const weekdays = t(
  '周一至周五 9:00–12:00，13:30–17:00（法定节假日除外）',
  'Mon–Fri 9:00–12:00, 13:30–17:00 (except public holidays)',
);
const SUPERVISION_PHONE = '0411-8700-9999';

export const demoDepartments: readonly Department[] = [
  {
    id: 'centre',
    name: t('行政服务中心综合受理', 'Service Centre One-Stop Desk'),
    address: t('行政服务中心一楼大厅', 'Service Centre, ground floor hall'),
    phone: '0411-8700-1000',
    hours: weekdays,
    supervisionPhone: SUPERVISION_PHONE,
    windows: [{ id: 'one-stop', name: t('综合受理窗口（一窗受理）', 'One-stop window'), comprehensive: true }],
    leader: { id: 'centre-head', name: '孙海 Sun Hai' },
    dutyHandler: { id: 'centre-clerk', name: '高敏 Gao Min' },
  },
  {
    id: 'market',
    name: t('市场监督管理局', 'Market Regulation Bureau'),
    address: t('行政服务中心一楼 A 区 1–6 号窗口', 'Service Centre 1F, Zone A, windows 1–6'),
    phone: '0411-8700-1001',
    hours: weekdays,
    supervisionPhone: SUPERVISION_PHONE,
    windows: [{ id: 'market-1', name: t('市场监管窗口', 'Market regulation window'), comprehensive: false }],
    leader: { id: 'market-head', name: '王建国 Wang Jianguo' },
    dutyHandler: { id: 'market-reviewer', name: '李晓梅 Li Xiaomei' },
  },
  {
    id: 'construction',
    name: t('建设局', 'Construction Bureau'),
    address: t('行政服务中心二楼 B 区 7–12 号窗口', 'Service Centre 2F, Zone B, windows 7–12'),
    phone: '0411-8700-1002',
    hours: weekdays,
    supervisionPhone: SUPERVISION_PHONE,
    windows: [{ id: 'construction-1', name: t('建设窗口', 'Construction window'), comprehensive: false }],
    leader: { id: 'construction-head', name: '赵永刚 Zhao Yonggang' },
    dutyHandler: { id: 'construction-reviewer', name: '陈思远 Chen Siyuan' },
  },
  {
    id: 'environment',
    name: t('生态环境局', 'Ecology and Environment Bureau'),
    address: t('行政服务中心二楼 C 区 13–15 号窗口', 'Service Centre 2F, Zone C, windows 13–15'),
    phone: '0411-8700-1003',
    hours: weekdays,
    supervisionPhone: SUPERVISION_PHONE,
    windows: [{ id: 'environment-1', name: t('生态环境窗口', 'Environment window'), comprehensive: false }],
    leader: { id: 'environment-head', name: '刘海燕 Liu Haiyan' },
    dutyHandler: { id: 'environment-reviewer', name: '孙立群 Sun Liqun' },
  },
  {
    id: 'planning',
    name: t('自然资源和规划局', 'Natural Resources and Planning Bureau'),
    address: t('行政服务中心三楼 D 区 16–19 号窗口', 'Service Centre 3F, Zone D, windows 16–19'),
    phone: '0411-8700-1004',
    hours: weekdays,
    supervisionPhone: SUPERVISION_PHONE,
    windows: [{ id: 'planning-1', name: t('规划窗口', 'Planning window'), comprehensive: false }],
    leader: { id: 'planning-head', name: '周德明 Zhou Deming' },
    dutyHandler: { id: 'planning-reviewer', name: '吴静 Wu Jing' },
  },
  {
    id: 'tax',
    name: t('税务局', 'Taxation Bureau'),
    address: t('行政服务中心一楼 E 区 20–25 号窗口', 'Service Centre 1F, Zone E, windows 20–25'),
    phone: '0411-8700-1005',
    hours: t('周一至周五 9:00–17:00', 'Mon–Fri 9:00–17:00'),
    supervisionPhone: SUPERVISION_PHONE,
    windows: [{ id: 'tax-1', name: t('办税窗口', 'Tax window'), comprehensive: false }],
    leader: { id: 'tax-head', name: '黄志强 Huang Zhiqiang' },
    dutyHandler: { id: 'tax-reviewer', name: '郑丽 Zheng Li' },
  },
];

const material = (id: string, zh: string, en: string, more: Partial<GuideMaterial> = {}): GuideMaterial => ({
  id,
  name: t(zh, en),
  required: true,
  originals: 1,
  copies: 0,
  ...more,
});
/** The API renders each template from the guide (functions/domain/template.ts): a link that always answers. */
const templateOf = (code: string, materialId: string) => `/v1/catalog/${code}/templates/${materialId}`;
const form = (code: string, zh: string, en: string) =>
  material('application-form', zh, en, { template: templateOf(code, 'application-form') });
const licence = material('business-licence', '营业执照副本', 'Business licence (copy)', { originals: 0, copies: 1 });
const idCard = material('id-card', '法定代表人身份证明', "Legal representative's ID");

const standardProcedure = (decisionBy: string, decisionByEn: string): Text[] => [
  t('申请：窗口或网上提交申请材料', 'Apply at the window or online with the materials'),
  t(
    '受理：材料齐全的当场受理；不齐全的一次性告知',
    'Acceptance: complete applications are accepted at once; otherwise one notice lists everything missing',
  ),
  t(`审查决定：${decisionBy}`, `Review and decision: ${decisionByEn}`),
  t('送达：领取或邮寄结果文书', 'Delivery: collect or receive the result by post'),
];

const field = (
  name: string,
  zh: string,
  en: string,
  type: FormField['type'],
  more: Partial<FormField> = {},
): FormField => ({
  name,
  label: t(zh, en),
  type,
  required: true,
  ...more,
});

function item(
  guide: Omit<ItemGuide, 'officeHours' | 'supervisionPhone' | 'legalExtensionDays' | 'sampleApplication'> &
    Partial<ItemGuide>,
): ItemGuide {
  return {
    officeHours: weekdays,
    supervisionPhone: SUPERVISION_PHONE,
    legalExtensionDays: 10,
    // The sample application (样表): the item's form with example answers.
    sampleApplication: `${templateOf(guide.code, guide.materials.find((m) => m.template)?.id ?? 'application-form')}?sample=true`,
    ...guide,
  };
}

export const demoItems: readonly ItemGuide[] = [
  item({
    code: 'SC-001',
    departmentId: 'market',
    name: t('企业设立登记', 'Company establishment registration'),
    handlingMode: 'PROMISED',
    legalLimitDays: 15,
    promisedLimitDays: 3,
    deemedConsentEligible: true,
    legalBasis: t(
      '《中华人民共和国市场主体登记管理条例》第十九条',
      'Regulation on the Registration of Market Entities, Art.19',
    ),
    conditions: t('名称已自主申报，住所真实合法', 'A reserved name and a real, lawful registered address'),
    procedure: standardProcedure('登记机关审查后作出准予登记决定', 'the registration authority reviews and registers'),
    materials: [
      form('SC-001', '公司登记（备案）申请书', 'Company registration application form'),
      material('articles', '公司章程', 'Articles of association'),
      idCard,
      material('address-proof', '住所使用证明', 'Proof of the registered address'),
      material(
        'foreign-investor-proof',
        '外国投资者主体资格证明（经公证认证）',
        "Foreign investor's certificate of existence (notarised)",
        {
          required: false,
          condition: t('外商投资企业提交', 'Foreign-invested companies only'),
        },
      ),
    ],
    fees: t('免费', 'Free of charge'),
    window: t('一楼 A 区 1–6 号窗口', '1F, Zone A, windows 1–6'),
    phone: '0411-8700-1001',
    resultDocument: t('营业执照', 'Business licence'),
    form: {
      fields: [
        field('companyName', '企业名称', 'Company name', 'string', { max: 100 }),
        field('registeredCapital', '注册资本（万元）', 'Registered capital (10,000 CNY)', 'number', { min: 0 }),
        field('companyType', '企业类型', 'Company type', 'enum', {
          options: ['LLC', 'JOINT_STOCK', 'FOREIGN_INVESTED'],
        }),
        field('startDate', '拟开业日期', 'Planned opening date', 'date', { required: false }),
      ],
    },
  }),
  item({
    code: 'SC-002',
    departmentId: 'market',
    name: t('营业执照变更登记（名称、住所）', 'Business licence amendment (name, address)'),
    handlingMode: 'IMMEDIATE',
    legalLimitDays: 15,
    promisedLimitDays: 0,
    deemedConsentEligible: true,
    legalBasis: t(
      '《中华人民共和国市场主体登记管理条例》第二十四条',
      'Regulation on the Registration of Market Entities, Art.24',
    ),
    conditions: t('变更事项依法无需前置审批', 'The change needs no prior approval'),
    procedure: [t('窗口提交材料，当场办结', 'Submit at the window; handled on the spot')],
    materials: [
      form('SC-002', '变更登记申请书', 'Amendment application form'),
      licence,
      material('resolution', '股东会决议', "Shareholders' resolution"),
    ],
    fees: t('免费', 'Free of charge'),
    window: t('一楼 A 区 1–6 号窗口', '1F, Zone A, windows 1–6'),
    phone: '0411-8700-1001',
    resultDocument: t('变更后的营业执照', 'Amended business licence'),
    form: { fields: [field('newName', '变更后名称或住所', 'New name or address', 'string', { max: 200 })] },
  }),
  item({
    code: 'SC-003',
    departmentId: 'market',
    name: t('食品经营许可', 'Food business licence'),
    handlingMode: 'PROMISED',
    legalLimitDays: 20,
    promisedLimitDays: 10,
    // Touches public health: never deemed approved (docs/rules.md §4).
    deemedConsentEligible: false,
    legalBasis: t('《中华人民共和国食品安全法》第三十五条', 'Food Safety Law, Art.35'),
    conditions: t(
      '具有与经营食品相适应的场所、设备和管理制度',
      'Premises, equipment and food-safety management fit for the business',
    ),
    procedure: standardProcedure('现场核查后作出许可决定', 'an on-site inspection, then the decision'),
    materials: [
      form('SC-003', '食品经营许可申请书', 'Food business licence application form'),
      licence,
      material('floor-plan', '经营场所平面图和设备布局图', 'Floor plan and equipment layout'),
      material('safety-rules', '食品安全管理制度', 'Food safety management rules'),
      material('health-certs', '从业人员健康证明', 'Staff health certificates', { required: false }),
    ],
    fees: t('免费', 'Free of charge'),
    window: t('一楼 A 区 1–6 号窗口', '1F, Zone A, windows 1–6'),
    phone: '0411-8700-1001',
    resultDocument: t('食品经营许可证', 'Food business licence'),
    form: {
      fields: [
        field('businessType', '经营项目', 'Business type', 'enum', { options: ['RESTAURANT', 'RETAIL', 'CANTEEN'] }),
        field('floorArea', '经营面积（平方米）', 'Floor area (m²)', 'number', { min: 1 }),
      ],
    },
  }),
  item({
    code: 'CN-001',
    departmentId: 'construction',
    name: t('建筑工程施工许可证核发', 'Construction permit'),
    handlingMode: 'PROMISED',
    legalLimitDays: 15,
    promisedLimitDays: 7,
    // Public safety of buildings: not eligible.
    deemedConsentEligible: false,
    legalBasis: t('《中华人民共和国建筑法》第八条', 'Construction Law, Art.8'),
    conditions: t(
      '已办理用地和规划许可，施工图审查合格，资金已落实',
      'Land and planning permits, approved drawings, funding in place',
    ),
    procedure: standardProcedure('审查后核发施工许可证', 'review, then the permit is issued'),
    materials: [
      form('CN-001', '建筑工程施工许可申请表', 'Construction permit application form'),
      material('planning-permit', '建设工程规划许可证', 'Construction project planning permit', {
        originals: 0,
        copies: 1,
      }),
      material('drawing-review', '施工图审查合格书', 'Construction drawing review certificate'),
      material('contract', '施工合同', 'Construction contract', { originals: 0, copies: 1 }),
      material('funding-proof', '建设资金落实证明', 'Proof of funding'),
    ],
    fees: t('免费', 'Free of charge'),
    window: t('二楼 B 区 7–12 号窗口', '2F, Zone B, windows 7–12'),
    phone: '0411-8700-1002',
    resultDocument: t('建筑工程施工许可证', 'Construction permit'),
    form: {
      fields: [
        field('projectName', '工程名称', 'Project name', 'string', { max: 200 }),
        field('contractPrice', '合同价格（万元）', 'Contract price (10,000 CNY)', 'number', { min: 0 }),
      ],
    },
  }),
  item({
    code: 'CN-002',
    departmentId: 'construction',
    name: t('建设工程竣工验收备案', 'Completion acceptance filing'),
    handlingMode: 'PROMISED',
    legalLimitDays: 15,
    promisedLimitDays: 5,
    deemedConsentEligible: true,
    legalBasis: t(
      '《建设工程质量管理条例》第四十九条',
      'Regulation on Quality Management of Construction Projects, Art.49',
    ),
    conditions: t('工程已竣工验收合格', 'The project passed completion acceptance'),
    procedure: standardProcedure('备案机关核对后出具备案证明', 'the filing authority checks and confirms the filing'),
    materials: [
      material('filing-form', '竣工验收备案表', 'Completion filing form', {
        originals: 2,
        template: templateOf('CN-002', 'filing-form'),
      }),
      material('acceptance-report', '工程竣工验收报告', 'Completion acceptance report'),
      material('fire-acceptance', '消防验收意见书', 'Fire acceptance opinion'),
    ],
    fees: t('免费', 'Free of charge'),
    window: t('二楼 B 区 7–12 号窗口', '2F, Zone B, windows 7–12'),
    phone: '0411-8700-1002',
    resultDocument: t('竣工验收备案证明', 'Completion filing certificate'),
    form: { fields: [field('projectName', '工程名称', 'Project name', 'string', { max: 200 })] },
  }),
  item({
    code: 'CN-003',
    departmentId: 'construction',
    name: t('城市建筑垃圾处置核准', 'Construction waste disposal approval'),
    handlingMode: 'PROMISED',
    legalLimitDays: 20,
    promisedLimitDays: 20,
    deemedConsentEligible: true,
    legalBasis: t('《城市建筑垃圾管理规定》第七条', 'Provisions on Urban Construction Waste, Art.7'),
    conditions: t('有消纳场所和运输车辆', 'A disposal site and transport vehicles'),
    procedure: standardProcedure(
      '审查处置方案后作出核准决定',
      'the disposal plan is reviewed, then approved or refused',
    ),
    materials: [
      form('CN-003', '建筑垃圾处置核准申请表', 'Construction waste disposal application form'),
      material('disposal-plan', '建筑垃圾处置方案', 'Waste disposal plan'),
      material('vehicle-list', '运输车辆清单', 'Transport vehicle list'),
    ],
    fees: t('免费', 'Free of charge'),
    window: t('二楼 B 区 7–12 号窗口', '2F, Zone B, windows 7–12'),
    phone: '0411-8700-1002',
    resultDocument: t('建筑垃圾处置核准文件', 'Waste disposal approval'),
    form: { fields: [field('volume', '预计处置量（立方米）', 'Expected volume (m³)', 'number', { min: 1 })] },
  }),
  item({
    code: 'EN-001',
    departmentId: 'environment',
    name: t('建设项目环境影响报告表审批', 'Environmental impact report form approval'),
    handlingMode: 'PROMISED',
    legalLimitDays: 30,
    promisedLimitDays: 15,
    // Environment: never deemed approved.
    deemedConsentEligible: false,
    legalBasis: t('《中华人民共和国环境影响评价法》第二十二条', 'Environmental Impact Assessment Law, Art.22'),
    conditions: t('符合生态环境分区管控要求', "Consistent with the zone's environmental controls"),
    procedure: standardProcedure('技术评估后作出审批决定', 'a technical assessment, then the decision'),
    materials: [
      form('EN-001', '环境影响评价文件审批申请', 'EIA approval application'),
      material('eia-report', '环境影响报告表', 'EIA report form', { originals: 2 }),
      material('public-notice', '公众参与说明', 'Public participation statement', { required: false }),
    ],
    fees: t('免费', 'Free of charge'),
    window: t('二楼 C 区 13–15 号窗口', '2F, Zone C, windows 13–15'),
    phone: '0411-8700-1003',
    resultDocument: t('环境影响报告表批复', 'EIA approval'),
    form: { fields: [field('investment', '总投资（万元）', 'Total investment (10,000 CNY)', 'number', { min: 0 })] },
  }),
  item({
    code: 'EN-002',
    departmentId: 'environment',
    name: t('排污许可证变更（企业名称）', 'Pollutant discharge permit amendment (company name)'),
    handlingMode: 'IMMEDIATE',
    legalLimitDays: 10,
    promisedLimitDays: 0,
    deemedConsentEligible: false,
    legalBasis: t('《排污许可管理条例》第十五条', 'Regulation on Pollutant Discharge Permits, Art.15'),
    conditions: t('仅变更企业名称，排放情况不变', 'Name change only; discharges unchanged'),
    procedure: [t('窗口提交材料，当场办结', 'Submit at the window; handled on the spot')],
    materials: [form('EN-002', '排污许可证变更申请', 'Discharge permit amendment application'), licence],
    fees: t('免费', 'Free of charge'),
    window: t('二楼 C 区 13–15 号窗口', '2F, Zone C, windows 13–15'),
    phone: '0411-8700-1003',
    resultDocument: t('变更后的排污许可证', 'Amended discharge permit'),
    form: { fields: [field('newName', '变更后企业名称', 'New company name', 'string', { max: 100 })] },
  }),
  item({
    code: 'PL-001',
    departmentId: 'planning',
    name: t('建设工程规划许可证核发', 'Construction project planning permit'),
    handlingMode: 'PROMISED',
    legalLimitDays: 20,
    promisedLimitDays: 10,
    deemedConsentEligible: true,
    legalBasis: t('《中华人民共和国城乡规划法》第四十条', 'Urban and Rural Planning Law, Art.40'),
    conditions: t('符合控制性详细规划和规划条件', 'Consistent with the regulatory detailed plan'),
    procedure: standardProcedure(
      '审查设计方案后核发许可证',
      'the design scheme is reviewed, then the permit is issued',
    ),
    materials: [
      form('PL-001', '建设工程规划许可申请表', 'Planning permit application form'),
      material('land-certificate', '不动产权证书（土地）', 'Land title certificate', { originals: 0, copies: 1 }),
      material('design-scheme', '建设工程设计方案', 'Design scheme'),
    ],
    fees: t('免费', 'Free of charge'),
    window: t('三楼 D 区 16–19 号窗口', '3F, Zone D, windows 16–19'),
    phone: '0411-8700-1004',
    resultDocument: t('建设工程规划许可证', 'Construction project planning permit'),
    form: { fields: [field('floorArea', '总建筑面积（平方米）', 'Total floor area (m²)', 'number', { min: 1 })] },
  }),
  item({
    code: 'PL-002',
    departmentId: 'planning',
    name: t('建设用地规划许可证核发', 'Land use planning permit'),
    handlingMode: 'PROMISED',
    legalLimitDays: 20,
    promisedLimitDays: 12,
    deemedConsentEligible: true,
    legalBasis: t('《中华人民共和国城乡规划法》第三十七条', 'Urban and Rural Planning Law, Art.37'),
    conditions: t('已取得建设项目批准、核准或备案文件', 'The project is approved or filed'),
    procedure: standardProcedure('审查后核发许可证', 'review, then the permit is issued'),
    materials: [
      form('PL-002', '建设用地规划许可申请表', 'Land use planning permit application form'),
      material('project-approval', '项目批准（核准、备案）文件', 'Project approval or filing', {
        originals: 0,
        copies: 1,
      }),
      material('site-map', '用地红线图', 'Site boundary map'),
    ],
    fees: t('免费', 'Free of charge'),
    window: t('三楼 D 区 16–19 号窗口', '3F, Zone D, windows 16–19'),
    phone: '0411-8700-1004',
    resultDocument: t('建设用地规划许可证', 'Land use planning permit'),
    form: { fields: [field('siteArea', '用地面积（平方米）', 'Site area (m²)', 'number', { min: 1 })] },
  }),
  item({
    code: 'TX-001',
    departmentId: 'tax',
    name: t('增值税专用发票（最高开票限额）审批', 'Special VAT invoice maximum amount approval'),
    handlingMode: 'PROMISED',
    legalLimitDays: 20,
    promisedLimitDays: 10,
    deemedConsentEligible: true,
    legalBasis: t(
      '《国务院对确需保留的行政审批项目设定行政许可的决定》第236项',
      'State Council Decision No.412, item 236',
    ),
    conditions: t('已办理税务登记的一般纳税人', 'A registered general VAT taxpayer'),
    procedure: standardProcedure('核查后作出许可决定', 'verification, then the decision'),
    materials: [
      form('TX-001', '税务行政许可申请表', 'Tax licensing application form'),
      material('invoice-limit-form', '增值税专用发票最高开票限额申请单', 'Invoice limit request'),
    ],
    fees: t('免费', 'Free of charge'),
    window: t('一楼 E 区 20–25 号窗口', '1F, Zone E, windows 20–25'),
    phone: '0411-8700-1005',
    resultDocument: t('准予税务行政许可决定书', 'Tax licensing decision'),
    form: {
      fields: [
        field('limit', '申请最高开票限额', 'Requested maximum amount', 'enum', { options: ['100K', '1M', '10M'] }),
      ],
    },
  }),
  item({
    code: 'TX-002',
    departmentId: 'tax',
    // Left partly untranslated on purpose: the English guide falls back to Chinese, visibly, and disclosure shows it.
    name: t('发票领用', 'Invoice issuance'),
    handlingMode: 'IMMEDIATE',
    legalLimitDays: 5,
    promisedLimitDays: 0,
    deemedConsentEligible: false,
    legalBasis: t('《中华人民共和国发票管理办法》第十五条'),
    conditions: t('已办理税务信息确认'),
    procedure: [t('窗口或电子税务局申请，当场办结', 'Apply at the window or online; handled on the spot')],
    materials: [
      idCard,
      material('invoice-request', '发票领用申请', 'Invoice request', {
        template: templateOf('TX-002', 'invoice-request'),
      }),
    ],
    fees: t('免费', 'Free of charge'),
    window: t('一楼 E 区 20–25 号窗口', '1F, Zone E, windows 20–25'),
    phone: '0411-8700-1005',
    resultDocument: t('发票', 'Invoices'),
    form: { fields: [field('quantity', '领用数量（份）', 'Quantity', 'number', { min: 1, max: 1000 })] },
  }),
];

/**
 * Where the campaign started (recorded on 2026-01-05, before the efficiency drive): longer promised limits, and
 * two items that are immediate today were promised ones then. The campaign's targets are measured against these.
 */
export const demoBaselines: Readonly<
  Record<string, { handlingMode: ItemGuide['handlingMode']; promisedLimitDays: number }>
> = {
  'SC-001': { handlingMode: 'PROMISED', promisedLimitDays: 10 },
  'SC-002': { handlingMode: 'PROMISED', promisedLimitDays: 5 },
  'SC-003': { handlingMode: 'PROMISED', promisedLimitDays: 15 },
  'CN-001': { handlingMode: 'PROMISED', promisedLimitDays: 15 },
  'CN-002': { handlingMode: 'PROMISED', promisedLimitDays: 10 },
  'CN-003': { handlingMode: 'PROMISED', promisedLimitDays: 20 },
  'EN-001': { handlingMode: 'PROMISED', promisedLimitDays: 25 },
  'EN-002': { handlingMode: 'PROMISED', promisedLimitDays: 3 },
  'PL-001': { handlingMode: 'PROMISED', promisedLimitDays: 20 },
  'PL-002': { handlingMode: 'PROMISED', promisedLimitDays: 20 },
  'TX-001': { handlingMode: 'PROMISED', promisedLimitDays: 15 },
  'TX-002': { handlingMode: 'IMMEDIATE', promisedLimitDays: 0 },
};
export const DEMO_BASELINE_RECORDED_AT = '2026-01-05T09:00:00+08:00';

/**
 * A green-channel project for the pages to show on a fresh data folder (docs/green-channel.md): registered by the web
 * sign-in's applicant (`web-applicant`) on the day the baseline was recorded, its officer named (sign in as
 * `/login?role=clerk&department=planning&sub=officer-demo`), the one form filled. No joint approval yet: opening it
 * (the README's walkthrough) starts its clocks on the clock of the running runtime.
 */
export const DEMO_PROJECT = {
  id: 'PJ20260105-01KE5Z6W00000000000000DEM1',
  name: '大连新能源汽车零部件产业园 New-energy vehicle parts park',
  investment: { amount: 800_000_000, currency: 'CNY' as const },
  items: ['SC-001', 'CN-001', 'EN-001'],
  applicant: { type: 'ENTERPRISE' as const, name: '大连新能源零部件有限公司', phone: '0411-8888-2026' },
  applicantSub: 'web-applicant',
  officer: 'officer-demo',
  registeredAt: DEMO_BASELINE_RECORDED_AT,
  answers: {
    companyName: '大连新能源零部件有限公司',
    registeredCapital: 80000,
    companyType: 'LLC',
    projectName: '新能源汽车零部件产业园一期 Phase 1',
    contractPrice: 300000,
    investment: 80000,
  },
};

// ---- Inspection visits (明察暗访, docs/supervision.md) ----

/**
 * An unannounced visit for the supervision desk and the market department to show on a fresh data folder: recorded
 * by the web sign-in's supervisor two days after the baseline, one problem, reported rectified in time by the
 * department's head. Its clock ran before any runtime started, so none is written: it is history, not work.
 */
export const DEMO_VISIT = {
  id: 'VS20260107-01KE5Z6W00000000000000VST1',
  departmentId: 'market',
  kind: 'UNANNOUNCED' as const,
  at: '2026-01-07T09:30:00+08:00',
  recordedAt: '2026-01-07T11:00:00+08:00',
  recordedBy: 'web-supervisor',
  findings:
    '暗访市场监管窗口：一名工作人员上班时间离岗 20 分钟 Unannounced visit: an officer away from the window for 20 minutes',
  problem: {
    description: '窗口工作人员上班时间离岗 An officer away from the window during opening hours',
    workingDays: 5,
    rectifiedAt: '2026-01-09T16:00:00+08:00',
    rectifiedBy: 'web-head',
    actions: '已落实离岗登记和 AB 岗制度 Absence log and stand-in rota in place',
  },
};

// ---- Law-enforcement inspections (issue 16 item 4, docs/enforcement.md) ----

/**
 * The demo's filed inspection: market supervision's food-safety inspection of a Shanghai-registered enterprise,
 * planned for Tuesday 3 November 2026, approved and filed, so its code verifies on the public page
 * (`/enforcement/verify?code=DEM0A-7K2QX`) from 2 November through 10 November — the days the README's walkthroughs
 * start on. Its code is fixed so the README can show it; every real code is drawn at random when it is filed.
 */
export const DEMO_INSPECTION = {
  id: 'EI20260105-01KE5Z6W00000000000000DEM1',
  departmentId: 'market',
  enterprise: { name: '大连示范食品有限公司 Dalian Demo Foods Co., Ltd.', creditCode: '91310000717866186P' },
  purpose: '食品安全日常监督检查 Routine food-safety inspection',
  legalBasis: '《中华人民共和国食品安全法》第一百一十条 Food Safety Law, Art. 110',
  plannedAt: '2026-11-03T09:30:00+08:00',
  plannedDate: '2026-11-03',
  inspectors: [
    { name: '王执法', certificateNo: 'LN-2101-0001' },
    { name: '李检查', certificateNo: 'LN-2101-0002' },
  ],
  plannedBy: 'reviewer-demo',
  approvedBy: 'head-demo',
  filedBy: 'supervisor-demo',
  verificationCode: 'DEM0A7K2QX',
  at: DEMO_BASELINE_RECORDED_AT,
};

// ---- Official activities and the year-end appraisal (issue 16 items 5–6, docs/supervision.md) ----

/**
 * The demo's year-end appraisal: ratings of 2026 by three representatives (an NPC deputy, a CPPCC member, an
 * enterprise), enough for market and tax to reach the minimum of 3 and be shown, ranked and graded on the public
 * summary, and one rating of construction, which stays below it (only its count is shown). Given on 1 December,
 * the day the window opens.
 */
export const DEMO_APPRAISAL = {
  year: 2026,
  at: '2026-12-01T10:00:00+08:00',
  ratings: [
    { sub: 'demo-rep-npc', kind: 'NPC_DEPUTY', departmentId: 'market', s: [5, 4, 5, 5, 4], leader: [5, 4, 5, 5, 4] },
    {
      sub: 'demo-rep-cppcc',
      kind: 'CPPCC_MEMBER',
      departmentId: 'market',
      s: [4, 4, 4, 5, 4],
      leader: [4, 4, 5, 5, 4],
    },
    { sub: 'demo-rep-ent', kind: 'ENTERPRISE', departmentId: 'market', s: [4, 3, 4, 4, 4], leader: null },
    { sub: 'demo-rep-npc', kind: 'NPC_DEPUTY', departmentId: 'tax', s: [4, 3, 4, 4, 3], leader: [4, 3, 4, 4, 3] },
    { sub: 'demo-rep-cppcc', kind: 'CPPCC_MEMBER', departmentId: 'tax', s: [3, 3, 4, 4, 3], leader: null },
    { sub: 'demo-rep-ent', kind: 'ENTERPRISE', departmentId: 'tax', s: [3, 2, 3, 4, 3], leader: [3, 3, 3, 4, 3] },
    { sub: 'demo-rep-ent', kind: 'ENTERPRISE', departmentId: 'construction', s: [4, 4, 4, 4, 4], leader: null },
  ],
} as const;

/** Two official activities registered by market's staff with the demo enterprise (公务活动登记). */
export const DEMO_ACTIVITIES = [
  {
    id: 'OA-01KBDEM0000000000000000001',
    departmentId: 'market',
    registeredBy: 'market-reviewer',
    registeredRole: 'reviewer',
    registeredAt: '2026-11-20T17:00:00+08:00',
    at: '2026-11-20T14:30:00+08:00',
    purpose: '走访企业，了解营业执照变更需求 Visit: the enterprise’s change of business licence',
    participants: ['李晓梅 Li Xiaomei', '王建国 Wang Jianguo'],
    enterprise: { name: '大连新能源零部件有限公司', creditCode: '91210200MA0QDEM71U' },
  },
  {
    id: 'OA-01KBDEM0000000000000000002',
    departmentId: 'market',
    registeredBy: 'market-head',
    registeredRole: 'head',
    registeredAt: '2026-12-02T11:00:00+08:00',
    at: '2026-12-02T09:30:00+08:00',
    purpose: '政策宣讲：市场主体登记便利化 Briefing: easier registration of market entities',
    participants: ['王建国 Wang Jianguo'],
    enterprise: { name: '大连新能源零部件有限公司', creditCode: '91210200MA0QDEM71U' },
  },
] as const;
