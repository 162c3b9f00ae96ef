import { z } from 'zod';
import { DepartmentSource } from './departmentData.js';
import { ImportIssue } from './registry.js';

/**
 * The API shapes of other departments' data (数据比对): an uploaded file as a batch (preview → commit or discard) and
 * the facts stored for a household. ID numbers appear only masked; a person the importer cannot see (registered
 * outside the jurisdiction, or not at all) is "unmatched" either way.
 */

export const DepartmentBatchStatus = z.enum(['previewed', 'committed', 'discarded']);
export type DepartmentBatchStatus = z.infer<typeof DepartmentBatchStatus>;

export const DEPARTMENT_BATCH_STATUS_LABELS: Record<DepartmentBatchStatus, string> = {
  previewed: '已预览', committed: '已导入', discarded: '已放弃',
};

/** A valid row whose person is not a current registry member inside the importer's jurisdiction. */
export const DepartmentUnmatchedRow = z.object({
  row: z.number().int(),
  idNumberMasked: z.string(),
  name: z.string().nullable(),
});
export type DepartmentUnmatchedRow = z.infer<typeof DepartmentUnmatchedRow>;

export const DepartmentBatchView = z.object({
  id: z.number().int(),
  source: DepartmentSource,
  sourceLabel: z.string(),
  fileName: z.string(),
  status: DepartmentBatchStatus,
  /** Data rows of the file (blank rows not counted). */
  totalRows: z.number().int(),
  /** Rows without errors (= matched + unmatched + duplicate). */
  validRows: z.number().int(),
  errorRows: z.number().int(),
  /** Valid rows matched to a current member inside the jurisdiction (duplicates not counted again). */
  matchedRows: z.number().int(),
  unmatchedRows: z.number().int(),
  /** Rows identical to an earlier row of the same file (stored once). */
  duplicateRows: z.number().int(),
  /** Matched rows already stored by an earlier import (已导入过; not stored again). */
  knownRows: z.number().int(),
  /** Facts written by the commit; null before it. */
  storedFacts: z.number().int().nullable(),
  /** Households that received a new fact at commit. */
  affectedHouseholds: z.number().int(),
  /** 12-digit codes of the counties of those households (the monitoring sweep re-checks them). */
  affectedCounties: z.array(z.string()),
  /** Row problems (errors and warnings), in row order; at most 1,000 are kept. */
  issues: z.array(ImportIssue),
  /** Unmatched rows, masked; at most 1,000 are kept. */
  unmatched: z.array(DepartmentUnmatchedRow),
  message: z.string(),
  createdBy: z.string(),
  createdAt: z.string(),
  committedAt: z.string().nullable(),
});
export type DepartmentBatchView = z.infer<typeof DepartmentBatchView>;

export const DepartmentUploadQuery = z.object({
  source: DepartmentSource,
  fileName: z.string().trim().min(1, '请提供文件名').max(200, '文件名不能超过200个字'),
});
export type DepartmentUploadQuery = z.infer<typeof DepartmentUploadQuery>;

export const DepartmentImportQuery = z.object({
  source: DepartmentSource.optional(),
  status: DepartmentBatchStatus.optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
});
export type DepartmentImportQuery = z.infer<typeof DepartmentImportQuery>;

export const DepartmentBatchList = z.object({ items: z.array(DepartmentBatchView), total: z.number().int() });
export type DepartmentBatchList = z.infer<typeof DepartmentBatchList>;

/** One stored fact as shown on the household page (vehicle plates masked; no ID number). */
export const HouseholdFactView = z.object({
  id: z.number().int(),
  source: DepartmentSource,
  sourceLabel: z.string(),
  memberId: z.number().int(),
  memberName: z.string(),
  date: z.string(),
  amountFen: z.number().int().nullable(),
  /** One line in Chinese (factSummary). */
  summary: z.string(),
  detail: z.record(z.string(), z.union([z.string(), z.number(), z.null()])),
  batchId: z.number().int().nullable(),
  importedAt: z.string(),
});
export type HouseholdFactView = z.infer<typeof HouseholdFactView>;

export const HouseholdFactList = z.object({ items: z.array(HouseholdFactView) });
export type HouseholdFactList = z.infer<typeof HouseholdFactList>;
