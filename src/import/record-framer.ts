/**
 * Cuts a byte stream into records — NDJSON lines, or CSV records, whose quoted fields may span
 * lines — with their line numbers, and never holds more than the size limit of one record.
 * It works on bytes: `\n`, `\r`, `"` and the delimiters are ASCII and never part of a
 * multi-byte UTF-8 character, so the same framing serves UTF-8 and single-byte encodings.
 *
 * We frame CSV ourselves rather than leave it to csv-parse's streaming parser: its
 * `max_record_size` error drops the rest of the buffered chunk (the good rows after an
 * over-long one are lost), and an unclosed quote swallows the whole rest of the file. Here an
 * over-long record is reported and framing starts afresh at the next line.
 */

export type Frame =
  | { type: "record"; line: number; lastLine: number; bytes: Buffer }
  | { type: "too_long"; line: number; lastLine: number; size: number };

export interface FramerOptions {
  /** The quote byte for CSV (`"`); null for NDJSON, where a line is a record. */
  quote: number | null;
  /** The field delimiter byte for CSV: a quote opens a quoted field only at a field's start. */
  delimiter?: number;
  maxRecordBytes: number;
}

const LF = 0x0a;
const CR = 0x0d;

export class RecordFramer {
  private pieces: Buffer[] = [];
  private size = 0;
  /** The line the current record started on, and the line being read. */
  private startLine = 1;
  private line = 1;
  private inQuotes = false;
  private afterClosingQuote = false;
  private atFieldStart = true;
  /** Set when the record grew past the limit: drop bytes until the next line break. */
  private overflow = false;

  constructor(private readonly options: FramerOptions) {}

  /** The frames completed by this chunk. */
  push(chunk: Buffer): Frame[] {
    const frames: Frame[] = [];
    let start = 0;
    let i = 0;
    while (i < chunk.length) {
      if (this.overflow || this.options.quote === null) {
        const lf = chunk.indexOf(LF, i);
        if (lf === -1) {
          this.take(chunk, start, chunk.length);
          start = i = chunk.length;
          break;
        }
        this.take(chunk, start, lf);
        this.emit(frames);
        start = i = lf + 1;
        continue;
      }
      const b = chunk[i] as number;
      if (this.inQuotes) {
        if (b === this.options.quote) {
          this.inQuotes = false;
          this.afterClosingQuote = true;
        } else if (b === LF) {
          if (this.size + (i - start) > this.options.maxRecordBytes) {
            // An unclosed quote or a monstrous field: give up on it at this line.
            this.take(chunk, start, i);
            this.emit(frames);
            start = i + 1;
          } else this.line++;
        }
      } else if (this.afterClosingQuote && b === this.options.quote) {
        // "" inside a quoted field is one quote
        this.inQuotes = true;
        this.afterClosingQuote = false;
      } else {
        this.afterClosingQuote = false;
        if (b === LF) {
          this.take(chunk, start, i);
          this.emit(frames);
          start = i + 1;
        } else if (b === this.options.delimiter) this.atFieldStart = true;
        else if (b === this.options.quote && this.atFieldStart) {
          this.inQuotes = true;
          this.atFieldStart = false;
        } else if (b !== CR) this.atFieldStart = false;
      }
      i++;
    }
    this.take(chunk, start, chunk.length);
    return frames;
  }

  /** The last record, when the file does not end with a line break. */
  end(): Frame[] {
    const frames: Frame[] = [];
    if (this.size > 0 || this.overflow) this.emit(frames);
    return frames;
  }

  private take(chunk: Buffer, from: number, to: number): void {
    if (to <= from) return;
    this.size += to - from;
    if (this.overflow) return;
    if (this.size > this.options.maxRecordBytes) {
      this.overflow = true;
      this.pieces = [];
      return;
    }
    this.pieces.push(chunk.subarray(from, to));
  }

  private emit(frames: Frame[]): void {
    const line = this.startLine;
    const lastLine = this.line;
    if (this.overflow || this.size > this.options.maxRecordBytes) {
      frames.push({ type: "too_long", line, lastLine, size: this.size });
    } else if (this.size > 0) {
      let bytes =
        this.pieces.length === 1
          ? (this.pieces[0] as Buffer)
          : Buffer.concat(this.pieces, this.size);
      if (bytes[bytes.length - 1] === CR) bytes = bytes.subarray(0, bytes.length - 1);
      // Copy out of the read chunk, so the chunk can be freed while the record waits in a batch.
      if (bytes.length > 0)
        frames.push({ type: "record", line, lastLine, bytes: Buffer.from(bytes) });
    }
    this.pieces = [];
    this.size = 0;
    this.overflow = false;
    this.inQuotes = false;
    this.afterClosingQuote = false;
    this.atFieldStart = true;
    this.line++;
    this.startLine = this.line;
  }
}
