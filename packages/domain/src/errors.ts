/** Stable error codes shared by server and clients. Messages are Chinese and name the field where one is at fault. */
export const ERROR_CODES = {
  VALIDATION: 400,
  UNAUTHENTICATED: 401,
  AUTH_INVALID: 401,
  CSRF: 403,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  /** A visit names a task another visit has already completed (details: that visit's summary); see visits.ts. */
  VISIT_TASK_DONE: 409,
  /** A visit was edited from a stale version (details: the server's current copy); see visits.ts. */
  VISIT_VERSION: 409,
  AUTH_LOCKED: 423,
  RATE_LIMITED: 429,
  INTERNAL: 500,
} as const;
export type ErrorCode = keyof typeof ERROR_CODES;

export interface ApiErrorBody {
  code: ErrorCode;
  message: string;
  field?: string;
  row?: number;
  details?: unknown;
}

/**
 * A rule of the domain refused an operation (e.g. a workflow action not allowed in the current state). Pure code
 * throws it; the server turns it into its error response with the same code, message and details.
 */
export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly extra: { field?: string; details?: unknown } = {},
  ) {
    super(message);
    this.name = 'DomainError';
  }
  get status(): number {
    return ERROR_CODES[this.code];
  }
}
