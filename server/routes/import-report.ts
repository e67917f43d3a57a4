/**
 * An import's report as the upload pages show it: every line already in words (the counts, each
 * problem as file:row:column, the kinds' names), so the views only print it.
 */
import { FILE_KINDS } from '../import/columns.ts';
import { countsLine, formatProblem, KIND_LABELS, STALE_PREVIEW_MESSAGE, type ImportReport } from '../import/index.ts';
import type { FieldChange, ImportPreview } from '../import/preview.ts';
import { errorCount, moreLine, reportProblems } from '../import/problem-list.ts';

export interface ImportPreviewView {
  counts: { label: string; inserted: number; updated: number; unchanged: number }[];
  /** the inserts and updates a confirmation writes */
  total: number;
  updated: { kindLabel: string; key: string; name: string; fields: FieldChange[] }[];
  created: { kindLabel: string; key: string; name: string }[];
}

export interface ImportReportView {
  loaded: boolean; stale: boolean;
  /** problems of severity error (rows refused, or skipped) */
  errors: number;
  preview?: ImportPreviewView;
  /** what a load wrote, one line per kind */
  countLines: string[];
  staleMessage: string;
  files: { file: string; kindLabel: string | null; encoding: string | null; rows: number; invalid: number }[];
  problems: { total: number; lines: string[]; more: string[] } | null;
}

export function importPreviewView(p: ImportPreview): ImportPreviewView {
  return {
    counts: FILE_KINDS.map((k) => ({ label: KIND_LABELS[k], ...p.counts[k] })),
    total: FILE_KINDS.reduce((n, k) => n + p.counts[k].inserted + p.counts[k].updated, 0),
    updated: p.updated.map((u) => ({ kindLabel: KIND_LABELS[u.kind], key: u.key, name: u.name, fields: u.fields })),
    created: p.created.map((c) => ({ kindLabel: KIND_LABELS[c.kind], key: c.key, name: c.name })),
  };
}

export function importReportView(report: ImportReport): ImportReportView {
  const list = report.problems.length ? reportProblems(report) : null;
  return {
    loaded: report.loaded, stale: report.stale === true, errors: errorCount(report),
    preview: report.preview && importPreviewView(report.preview),
    countLines: report.loaded && report.counts ? countsLine(report.counts) : [],
    staleMessage: STALE_PREVIEW_MESSAGE,
    files: report.files.map((f) => ({ file: f.file, kindLabel: f.kind ? KIND_LABELS[f.kind] : null, encoding: f.encoding, rows: f.rows, invalid: f.invalid })),
    problems: list && { total: list.total, lines: list.listed.map((p) => formatProblem(p)), more: list.more.map(moreLine) },
  };
}
