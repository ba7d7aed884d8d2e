/** Exit codes: 0 done, 1 any other failure, 2 the diary could not be unlocked, 130 interrupted. */
export const EXIT = { ok: 0, error: 1, locked: 2, interrupted: 130 } as const;

/** A failure the user can act on: printed as one line, never with a stack trace. */
export class DiaryError extends Error {
  constructor(
    message: string,
    readonly exitCode: number = EXIT.error,
  ) {
    super(message);
    this.name = "DiaryError";
  }
}

/** The passphrase does not open the file (or the file is not a diary at all: they look the same). */
export class WrongPassphraseError extends DiaryError {
  constructor() {
    super("wrong passphrase or not a diary file", EXIT.locked);
    this.name = "WrongPassphraseError";
  }
}

/** Ctrl-C at a prompt. */
export class InterruptedError extends DiaryError {
  constructor() {
    super("interrupted", EXIT.interrupted);
    this.name = "InterruptedError";
  }
}

/** A bad command line: the message is followed by a pointer to `--help`. */
export class UsageError extends DiaryError {
  constructor(message: string, command?: string) {
    super(`${message} (see: quire-diary ${command ? `${command} ` : ""}--help)`, EXIT.error);
    this.name = "UsageError";
  }
}
