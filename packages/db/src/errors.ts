/**
 * Raised when a database cannot be opened or migrated at start. The message
 * names the file and says what to do; apps print it and exit rather than
 * start half-way.
 */
export class DatabaseStartupError extends Error {
  constructor(
    readonly file: string,
    reason: string,
    options?: { cause?: unknown },
  ) {
    super(`Cannot open database ${file}: ${reason}`, options);
    this.name = "DatabaseStartupError";
  }
}
