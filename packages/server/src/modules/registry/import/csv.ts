/**
 * RFC 4180 CSV, read in chunks and written line by line.
 *
 * Reading: quoted fields with "" escapes and line breaks inside; CRLF, LF or CR line ends (a CRLF split between two
 * chunks is one line end). Every record is reported with its 1-based number, blank lines included, because that is
 * the row a spreadsheet shows for it (a line break inside a quoted field does not start a new row).
 */

const QUOTE = 34;
const COMMA = 44;
const LF = 10;
const CR = 13;

const enum State {
  FieldStart,
  Unquoted,
  Quoted,
  /** A quote seen inside a quoted field: either the first of "" or the closing quote. */
  QuoteInQuoted,
  /** After the closing quote (stray characters up to the delimiter are kept, as spreadsheets do). */
  AfterQuoted,
}

export class CsvError extends Error {}

export class CsvReader {
  #state = State.FieldStart;
  #field = '';
  #fields: string[] = [];
  #record = 0;
  #skipLf = false;
  #first = true;

  constructor(private readonly onRecord: (fields: string[], record: number) => void) {}

  push(chunk: string): void {
    let i = 0;
    const n = chunk.length;
    if (this.#first && n > 0) {
      this.#first = false;
      if (chunk.charCodeAt(0) === 0xfeff) i = 1;
    }
    if (this.#skipLf && i < n) {
      this.#skipLf = false;
      if (chunk.charCodeAt(i) === LF) i++;
    }
    let start = i;
    while (i < n) {
      const c = chunk.charCodeAt(i);
      switch (this.#state) {
        case State.FieldStart:
          if (c === QUOTE) {
            this.#state = State.Quoted;
            i++;
            start = i;
          } else {
            this.#state = State.Unquoted;
            start = i;
          }
          continue;
        case State.Unquoted:
        case State.AfterQuoted:
          if (c === COMMA || c === LF || c === CR) {
            this.#field += chunk.slice(start, i);
            this.#endField();
            if (c !== COMMA) {
              this.#endRecord();
              if (c === CR) {
                if (i + 1 < n) {
                  if (chunk.charCodeAt(i + 1) === LF) i++;
                } else {
                  this.#skipLf = true;
                }
              }
            }
            i++;
            start = i;
            continue;
          }
          i++;
          continue;
        case State.Quoted: {
          const q = chunk.indexOf('"', i);
          if (q < 0) {
            this.#field += chunk.slice(i);
            i = n;
            start = n;
            continue;
          }
          this.#field += chunk.slice(i, q);
          i = q + 1;
          start = i;
          this.#state = State.QuoteInQuoted;
          continue;
        }
        case State.QuoteInQuoted:
          if (c === QUOTE) {
            this.#field += '"';
            this.#state = State.Quoted;
            i++;
            start = i;
          } else {
            this.#state = State.AfterQuoted;
            start = i;
          }
          continue;
      }
    }
    if (this.#state === State.Unquoted || this.#state === State.AfterQuoted) this.#field += chunk.slice(start);
  }

  /** Ends the input: a last record without a line end is reported; an open quote is an error. */
  end(): void {
    if (this.#state === State.Quoted) throw new CsvError(`CSV 第${this.#record + 1}行：引号未闭合`);
    if (this.#state !== State.FieldStart || this.#fields.length > 0) {
      this.#endField();
      this.#endRecord();
    }
  }

  #endField(): void {
    this.#fields.push(this.#field);
    this.#field = '';
    this.#state = State.FieldStart;
  }

  #endRecord(): void {
    if (this.#fields.length === 0) this.#fields.push('');
    this.#record++;
    const fields = this.#fields;
    this.#fields = [];
    this.#state = State.FieldStart;
    this.onRecord(fields, this.#record);
  }
}

/** All records of a text, in order. */
export function parseCsv(text: string, onRecord: (fields: string[], record: number) => void): void {
  const reader = new CsvReader(onRecord);
  reader.push(text);
  reader.end();
}

/** One CSV field: quoted when it holds a comma, quote, line break or leading/trailing space. */
export function csvField(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '';
  const s = String(value);
  return /[",\r\n]|^\s|\s$/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

/** A CSV line (CRLF, as spreadsheets write it). */
export function csvLine(values: readonly (string | number | null | undefined)[]): string {
  return values.map(csvField).join(',') + '\r\n';
}
