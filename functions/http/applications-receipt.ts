import { bilingual } from '../domain/guide.ts';
import type { CaseRecord } from '../store/cases.ts';
import { getItemCached } from '../store/catalog.ts';
import { caseInReach } from './case-access.ts';
import { headerOf, httpHandler } from './handler.ts';
import { materialsRequiredView } from './intake.ts';
import { applicationsReceiptRoute } from './routes/applications.ts';

const CENTRE = '开发区行政服务中心 Development Zone Administrative Service Centre';

/**
 * The document an applicant keeps: the one-time notice (补正材料通知书) while materials are missing, the acceptance
 * receipt (受理通知书) once accepted, the on-the-spot decision, or a receipt of the papers (收件回执) for a case not accepted. JSON by default; `Accept: text/html` gives a
 * printable page.
 */
export const handler = httpHandler(applicationsReceiptRoute, async (request) => {
  const { id } = request.path;
  const found = await caseInReach(request, id);
  const item = await getItemCached(found.itemCode);
  const document = receipt(
    found,
    item ? { legalBasis: bilingual(item.legalBasis), limit: item.promisedLimitDays } : undefined,
  );
  const accept = headerOf(request.event, 'accept') ?? '';
  if (/text\/html/i.test(accept) && !/application\/json/i.test(accept.split(',')[0] ?? '')) {
    return { status: 200, raw: { contentType: 'text/html; charset=utf-8', text: html(document) } };
  }
  return { status: 200, body: document };
});

type Receipt = ReturnType<typeof receipt>;

function receipt(c: CaseRecord, item: { legalBasis: string; limit: number } | undefined) {
  const common = {
    centre: CENTRE,
    caseId: c.id,
    item: `${c.itemCode} ${c.itemName}`,
    applicant: c.applicant.name,
    receivedAt: c.receivedAt,
    itemLegalBasis: item?.legalBasis ?? null,
  };
  if (c.status === 'MATERIALS_REQUIRED') {
    const { notice } = materialsRequiredView(c);
    return {
      ...common,
      kind: 'MATERIALS_NOTICE' as const,
      title: '补正材料通知书 Notice of materials to supplement',
      number: notice?.number ?? null,
      date: notice?.date ?? null,
      lines: (notice?.missing ?? []).map((m) => `${m.name} — ${m.reason}`),
      legalBasis: notice?.legalBasis ?? null,
      text: notice?.text ?? null,
    };
  }
  if (c.handledOnTheSpot) {
    return {
      ...common,
      kind: 'ON_THE_SPOT' as const,
      title: '即办件办结通知 Decided on the spot',
      number: `${c.id}-R`,
      date: (c.decision?.at ?? c.receivedAt).slice(0, 10),
      lines: [
        `${c.status === 'APPROVED' ? '准予许可 Approved' : '不予许可 Rejected'}${c.decision?.reason ? `: ${c.decision.reason}` : ''}`,
      ],
      legalBasis: '《中华人民共和国行政许可法》第三十四条 Administrative Licensing Law, Art.34',
      text: '申请材料齐全、符合法定形式，当场作出决定。Complete application; decided on the spot.',
    };
  }
  if (c.acceptedOn === undefined) {
    // Taken in for review (收件) and not accepted yet — or withdrawn before it was: a receipt of the papers, never an
    // acceptance receipt with dates it does not have.
    return {
      ...common,
      kind: 'RECEIPT_OF_PAPERS' as const,
      title: '收件回执 Receipt of application papers',
      number: `${c.id}-S`,
      date: c.receivedAt.slice(0, 10),
      lines: [
        `收件时间 Received: ${c.receivedAt}`,
        c.status === 'RECEIVED' && c.reviewDeadline
          ? `受理审查期限 Accepted or answered with a notice by: ${c.reviewDeadline}`
          : `当前状态 Status: ${c.status}`,
      ],
      legalBasis: '《中华人民共和国行政许可法》第三十二条 Administrative Licensing Law, Art.32',
      text:
        c.status === 'RECEIVED'
          ? '申请材料已收到，正在审查；逾期不告知补正的，自收到材料之日起即为受理。Papers received and under review; without a notice in time they count as accepted from receipt.'
          : '申请材料已收到，未予受理。Papers received; the application was not accepted.',
    };
  }
  return {
    ...common,
    kind: 'ACCEPTANCE' as const,
    title: '受理通知书 Acceptance receipt',
    number: `${c.id}-A`,
    date: c.acceptedOn ?? null,
    lines: [
      `受理日期 Accepted on: ${c.acceptedOn}`,
      `承诺时限 Promised limit: ${c.workingDays} 个工作日 working days`,
      `办结期限 Completion due by the end of: ${c.deadlineDate}${c.provisional ? ' (provisional calendar)' : ''}`,
    ],
    legalBasis: '《中华人民共和国行政许可法》第三十二条、第四十二条 Administrative Licensing Law, Art.32 and Art.42',
    text: '申请材料齐全、符合法定形式，予以受理。The application is complete and accepted.',
  };
}

function escapeHtml(value: unknown): string {
  return String(value ?? '').replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}

function html(r: Receipt): string {
  return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>${escapeHtml(r.title)} ${escapeHtml(r.number)}</title>
<style>body{font-family:serif;max-width:40em;margin:2em auto;line-height:1.6}h1{text-align:center;font-size:1.4em}
.meta{color:#444}li{margin:.3em 0}footer{margin-top:3em;text-align:right}</style></head>
<body>
<h1>${escapeHtml(r.title)}</h1>
<p class="meta">编号 No. ${escapeHtml(r.number)} · 日期 Date ${escapeHtml(r.date)}</p>
<p>${escapeHtml(r.applicant)}：</p>
<p>事项 Item: ${escapeHtml(r.item)}<br>收件时间 Received: ${escapeHtml(r.receivedAt)}</p>
<p>${escapeHtml(r.text)}</p>
<ol>${r.lines.map((line) => `<li>${escapeHtml(line)}</li>`).join('')}</ol>
<p>依据 Legal basis: ${escapeHtml(r.legalBasis)}${r.itemLegalBasis ? `；${escapeHtml(r.itemLegalBasis)}` : ''}</p>
<footer>${escapeHtml(r.centre)}<br>${escapeHtml(r.date)}</footer>
</body></html>
`;
}
