import { describe, expect, it } from 'vitest';
import { attachment, BOM, csvCell, csvDocument, wantsCsv } from '../../functions/http/csv.ts';

/** A minimal RFC 4180 reader (quoted fields, doubled quotes, CRLF inside quotes), to read back what we write. */
function parse(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(field);
      field = '';
    } else if (ch === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i++;
    } else field += ch;
  }
  if (field !== '' || row.length) throw new Error(`the last line does not end in CRLF: ${JSON.stringify(row)}`);
  return rows;
}

describe('CSV (RFC 4180, for Excel)', () => {
  it('starts with a UTF-8 BOM, ends every line in CRLF, and reads back cell for cell', () => {
    // Prepare
    const header = ['departmentId', 'name', 'closed', 'onTimeRate'];
    const rows = [
      ['market', '市场监督管理局 Market Regulation', 12, 0.9167],
      ['tax', '税务局, "第一" 分局\r\nTax', 0, null],
    ];

    // Act
    const text = csvDocument(header, rows);

    // Assess
    expect(text.startsWith(BOM)).toBe(true);
    expect(Buffer.from(text, 'utf8').subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    expect(parse(text.slice(BOM.length))).toEqual([
      header,
      ['market', '市场监督管理局 Market Regulation', '12', '0.9167'],
      ['tax', '税务局, "第一" 分局\r\nTax', '0', ''],
    ]);
  });

  it('quotes only what must be quoted, doubling quotes', () => {
    expect(csvCell('plain 中文')).toBe('plain 中文');
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('two\nlines')).toBe('"two\nlines"');
    expect(csvCell(null)).toBe('');
    expect(csvCell(undefined)).toBe('');
    expect(csvCell(true)).toBe('true');
  });

  it.each([
    ['=HYPERLINK("http://evil.example","点我")', `"'=HYPERLINK(""http://evil.example"",""点我"")"`],
    ['+1+2', "'+1+2"],
    ['-2+3', "'-2+3"],
    ['@SUM(A1:A9)', "'@SUM(A1:A9)"],
    ['\t=1', "'\t=1"],
  ])('neutralises a formula in text: %j → %j', (value, cell) => {
    expect(csvCell(value)).toBe(cell);
  });

  it('writes numbers as numbers, negative ones too (they are ours, never a formula)', () => {
    expect(csvCell(-0.25)).toBe('-0.25');
    expect(csvCell(Number.NaN)).toBe('');
  });

  it.each([
    [undefined, false],
    ['*/*', false],
    ['application/json', false],
    ['text/csv', true],
    ['text/csv; charset=utf-8', true],
    ['application/json, text/csv', false],
    ['text/csv, application/json', true],
    ['application/json;q=0.5, text/csv', true],
    ['text/csv;q=0.2, application/json', false],
    ['text/csv;q=0', false],
    ['TEXT/CSV', true],
  ])('Accept %j asks for CSV: %s', (accept, csv) => {
    expect(wantsCsv(accept)).toBe(csv);
  });

  it('names the attachment, keeping the name to safe characters', () => {
    expect(attachment('evaluation-2026-10.csv')).toEqual({
      'content-disposition': 'attachment; filename="evaluation-2026-10.csv"',
    });
    expect(attachment('evaluation-2026-10-01..2026-10-31.csv')['content-disposition']).toBe(
      'attachment; filename="evaluation-2026-10-01..2026-10-31.csv"',
    );
    expect(attachment('a"b\r\n.csv')['content-disposition']).toBe('attachment; filename="a_b__.csv"');
  });
});
