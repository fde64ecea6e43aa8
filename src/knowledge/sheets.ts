/**
 * A recognised sheet ready to be turned into knowledge rows: its data rows (after the header,
 * without blank, total and remark rows), its report line, and a collector for unusable rows.
 */
import { msgBoth } from '../domain/messages/index.js';
import { detectLayout, isNonDataRow, type DetectedLayout } from './layouts.js';
import type { KnowledgeKind, RawRow, RawSheet, RejectedRow, SheetReport } from './types.js';

export interface SheetWork {
  sheet: RawSheet;
  layout: DetectedLayout;
  dataRows: RawRow[];
  report: SheetReport;
}

export function prepareSheet(sheet: RawSheet): SheetWork | null {
  const layout = detectLayout(sheet);
  if (!layout) return null;
  const after = sheet.rows.slice(layout.headerIndex + 1);
  const dataRows = after.filter((r) => !isNonDataRow(r));
  return {
    sheet, layout, dataRows,
    report: {
      sheet: sheet.sheet, layout: layout.layout, kinds: [], headerRow: layout.headerIndex >= 0
        ? sheet.rows[layout.headerIndex].row : null,
      rowsRead: dataRows.length, rowsUsed: 0, rowsSkipped: after.length - dataRows.length,
    },
  };
}

/** Collects unusable rows per file name (names are unique within one import), in both languages. */
export class Rejects {
  readonly byFile = new Map<string, RejectedRow[]>();

  add(sheet: RawSheet, row: number, reasonKey: string, params: Record<string, unknown> = {}): void {
    this.addAt(sheet.file.fileName, sheet.sheet, row, reasonKey, params);
  }

  addAt(file: string, sheet: string | null, row: number, reasonKey: string, params: Record<string, unknown> = {}): void {
    const list = this.byFile.get(file) ?? [];
    list.push({ file, sheet, row, reasonKey, reason: msgBoth(reasonKey, params) });
    this.byFile.set(file, list);
  }

  count(): number {
    let n = 0;
    for (const l of this.byFile.values()) n += l.length;
    return n;
  }
}

export function addKind(report: SheetReport, kind: KnowledgeKind): void {
  if (!report.kinds.includes(kind)) report.kinds.push(kind);
}

/** Source reference of a row of a sheet. */
export function refOf(sheet: RawSheet, row: RawRow): { src_file: string; src_sheet: string | null; src_row: number } {
  return { src_file: sheet.file.fileName, src_sheet: sheet.sheet, src_row: row.row };
}
