/**
 * CSV answers (`Accept: text/csv`): RFC 4180 text a spreadsheet opens as is.
 *
 * - Fields are quoted only when they must be (a comma, a double quote, CR or LF inside), a double quote doubled.
 * - Lines end in CRLF (RFC 4180 §2.1), the last one too.
 * - The text starts with a UTF-8 byte order mark: Excel on Windows (what the centre's offices use) reads a CSV
 *   without one in the system's ANSI code page (GBK on a Chinese Windows, cp1252 elsewhere), so every department
 *   name and header in Chinese would arrive garbled; with the BOM it reads UTF-8. Other readers (LibreOffice,
 *   pandas with `encoding='utf-8-sig'`, Python's csv) skip it.
 * - Formula injection (CWE-1236): a cell a spreadsheet would run as a formula — one starting with `=`, `+`, `-` or
 *   `@` (and tab or CR, which some spreadsheets strip before looking) — gets a leading apostrophe, so it is shown as
 *   text. Names come from the catalogue and from tokens, so a department or officer named `=HYPERLINK(…)` must not
 *   become a live link in a supervisor's spreadsheet. Numbers are written by us, never quoted or prefixed: a negative
 *   number stays a number.
 */

/** The value of one cell: text, a number, a yes/no, or nothing (an empty cell: a rate over nothing). */
export type CsvValue = string | number | boolean | null | undefined;

/** The byte order mark that tells Excel the text is UTF-8. */
export const BOM = '\uFEFF';

/** The content type of every CSV answer. */
export const CSV_CONTENT_TYPE = 'text/csv; charset=utf-8';

const formulaStart = /^[=+\-@\t\r]/;

/** One cell as RFC 4180 text, formula-neutralised. */
export function csvCell(value: CsvValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  const text = formulaStart.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** A whole document: the header row, then the rows, each line ending in CRLF, after the BOM. */
export function csvDocument(header: readonly string[], rows: readonly (readonly CsvValue[])[]): string {
  const line = (cells: readonly CsvValue[]) => `${cells.map(csvCell).join(',')}\r\n`;
  return BOM + line(header) + rows.map(line).join('');
}

/**
 * Whether the caller asked for CSV: `text/csv` in Accept with a higher preference (q) than JSON, or the same one
 * and listed first. No Accept, or a browser's `*\/*`, gets JSON.
 */
export function wantsCsv(accept: string | undefined): boolean {
  if (!accept) return false;
  let csv: { q: number; at: number } | undefined;
  let json: { q: number; at: number } | undefined;
  for (const [at, part] of accept.split(',').entries()) {
    const [type = '', ...params] = part.split(';').map((s) => s.trim().toLowerCase());
    const q = Number(params.find((p) => p.startsWith('q='))?.slice(2) ?? '1');
    const preference = { q: Number.isFinite(q) ? q : 0, at };
    if (type === 'text/csv' && (!csv || preference.q > csv.q)) csv = preference;
    if ((type === 'application/json' || type === 'application/*') && (!json || preference.q > json.q)) {
      json = preference;
    }
  }
  if (!csv || csv.q <= 0) return false;
  return !json || csv.q > json.q || (csv.q === json.q && csv.at < json.at);
}

/** `attachment; filename="<name>"`: the file a browser saves (the name is ours: letters, digits, `.`, `-`, `_`). */
export function attachment(filename: string): Record<string, string> {
  return { 'content-disposition': `attachment; filename="${filename.replace(/[^A-Za-z0-9._-]/g, '_')}"` };
}
