import { now } from '../common/clock.ts';
import { problems } from '../common/problem.ts';
import { type MaterialTemplate, materialTemplate } from '../domain/template.ts';
import { shanghaiDateOf } from '../domain/time.ts';
import { getItem } from '../store/catalog.ts';
import { headerOf, httpHandler } from './handler.ts';
import { catalogTemplateRoute } from './routes/catalogue.ts';

/**
 * Public: the blank form of one material of an item, or (`sample=true`) the sample application (样表) — what the
 * service guide's template links open. JSON by default; a browser following the link (`Accept: text/html`) gets a
 * printable page.
 */
export const handler = httpHandler(catalogTemplateRoute, async (request) => {
  const { code, material } = request.path;
  const item = await getItem(code);
  if (!item) throw problems.notFound(`事项目录中没有审批事项 ${code} No approval item ${code} in the catalogue.`);
  const document = materialTemplate(item, material, {
    sample: request.query.sample === 'true',
    today: shanghaiDateOf(now()),
  });
  if (!document)
    throw problems.notFound(`事项 ${code} 没有材料 ${material} Item ${code} lists no material ${material}.`);
  const accept = headerOf(request.event, 'accept') ?? '';
  if (/text\/html/i.test(accept) && !/application\/json/i.test(accept.split(',')[0] ?? '')) {
    return { status: 200, raw: { contentType: 'text/html; charset=utf-8', text: html(document) } };
  }
  return { status: 200, body: document };
});

function escapeHtml(value: unknown): string {
  return String(value ?? '').replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}

function html(t: MaterialTemplate): string {
  const rows = t.fields
    .map(
      (f) => `<tr><th scope="row">${escapeHtml(f.label)}${f.required ? ' <span class="req">*</span>' : ''}<br>
<small>${escapeHtml(f.kind)}</small></th><td class="blank">${escapeHtml(f.answer ?? '')}</td></tr>`,
    )
    .join('\n');
  return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>${escapeHtml(t.title)} · ${escapeHtml(t.itemCode)}</title>
<style>body{font-family:serif;max-width:44em;margin:2em auto;line-height:1.6;position:relative}
h1{text-align:center;font-size:1.4em;margin-bottom:.2em}.meta{text-align:center;color:#444;margin-top:0}
table{width:100%;border-collapse:collapse;margin:1em 0}th,td{border:1px solid #333;padding:.5em;text-align:left;vertical-align:top}
th{width:40%;font-weight:normal}td.blank{min-height:2.2em;height:2.2em}.req{color:#a40000}
.stamp{position:absolute;top:0;right:0;border:3px solid #a40000;color:#a40000;padding:.1em .5em;font-size:1.3em;transform:rotate(8deg)}
.sign{display:flex;justify-content:space-between;margin-top:3em}footer{margin-top:2em;color:#444;font-size:.9em}
@page{size:A4;margin:14mm}</style></head>
<body>
${t.sample ? '<p class="stamp" data-testid="sample-stamp">样表 Sample</p>\n' : ''}<h1>${escapeHtml(t.title)}</h1>
<p class="meta">${escapeHtml(t.centre)}</p>
<p>事项 Item: ${escapeHtml(t.itemCode)} ${escapeHtml(t.item)}<br>材料 Material: ${escapeHtml(t.material)}</p>
<ul>${t.requirements.map((line) => `<li>${escapeHtml(line)}</li>`).join('')}</ul>
<table><caption>申请内容 What the application states（* 必填 required）</caption>
<tr><th scope="row">申请人（单位名称或姓名）Applicant (organisation or name) <span class="req">*</span></th><td class="blank"></td></tr>
<tr><th scope="row">联系电话 Phone <span class="req">*</span></th><td class="blank"></td></tr>
${rows}
</table>
<p>${escapeHtml(t.note)}</p>
<div class="sign"><span>申请人（签字或盖章）Applicant (signature or seal)：</span><span>日期 Date：　　年　　月　　日</span></div>
<footer>递交窗口 Window: ${escapeHtml(t.window)} · 咨询电话 Phone: ${escapeHtml(t.phone)}</footer>
</body></html>
`;
}
