import { rekeyDatabase } from "@quire/db";
import type { RekeyStep } from "@quire/db";

import type { DiaryEnv } from "./env";
import { resolveDiaryFile } from "./env";
import { DiaryError } from "./errors";
import { diaryExists, openDiary } from "./store/open";
import type { Diary } from "./store/open";
import { Terminal } from "./tty/terminal";

/**
 * Standard input when it is a pipe or a file: read once, then handed out as
 * leading lines (passphrases with --passphrase-stdin) and the rest (the text).
 */
export class ScriptInput {
  private text: Promise<string> | undefined;
  private offset = 0;

  constructor(private readonly stream: NodeJS.ReadStream = process.stdin) {}

  /** True when stdin is a terminal (then it is not read here). */
  get isTerminal(): boolean {
    return Boolean(this.stream.isTTY);
  }

  private all(): Promise<string> {
    return (this.text ??= (async () => {
      if (this.stream.isTTY) return "";
      const chunks: Buffer[] = [];
      for await (const chunk of this.stream) chunks.push(chunk as Buffer);
      return Buffer.concat(chunks).toString("utf8");
    })());
  }

  /** The next line (without its newline), or null at the end. */
  async line(): Promise<string | null> {
    const text = await this.all();
    if (this.offset >= text.length) return null;
    const end = text.indexOf("\n", this.offset);
    const line = text.slice(this.offset, end === -1 ? text.length : end);
    this.offset = end === -1 ? text.length : end + 1;
    return line.replace(/\r$/, "");
  }

  /** Whatever is left. */
  async rest(): Promise<string> {
    const text = await this.all();
    const rest = text.slice(this.offset);
    this.offset = text.length;
    return rest;
  }
}

export interface GlobalOptions {
  file?: string;
  passphraseStdin: boolean;
}

/** What every command gets: where the diary is, how to ask for things, where to print. */
export class Context {
  readonly file: string;
  readonly isDefaultFile: boolean;
  readonly input: ScriptInput;
  private term: Terminal | null | undefined;
  private passphrase: string | undefined;

  constructor(
    readonly env: DiaryEnv,
    readonly options: GlobalOptions,
    readonly stdout: NodeJS.WriteStream = process.stdout,
    readonly stderr: NodeJS.WriteStream = process.stderr,
  ) {
    const { file, isDefault } = resolveDiaryFile(env, options.file);
    this.file = file;
    this.isDefaultFile = isDefault;
    this.input = new ScriptInput();
  }

  /** ANSI colour on stdout: only to a terminal, and never with NO_COLOR. */
  get color(): boolean {
    return Boolean(this.stdout.isTTY) && this.env.NO_COLOR === undefined;
  }

  print(text = "") {
    this.stdout.write(`${text}\n`);
  }

  /** Notes for a person (progress, confirmations) go to stderr, so stdout stays clean for scripts. */
  note(text: string) {
    this.stderr.write(`${text}\n`);
  }

  /** The terminal to prompt on (stdin's, or /dev/tty), opened on first use. */
  terminal(): Terminal | undefined {
    if (this.term === undefined) this.term = Terminal.open() ?? null;
    return this.term ?? undefined;
  }

  close() {
    this.term?.close();
  }

  /**
   * The passphrase: the first line of stdin with --passphrase-stdin, else
   * QUIRE_DIARY_PASSPHRASE, else asked on the terminal without echo (twice,
   * for a new diary).
   */
  async getPassphrase(options: { creating: boolean }): Promise<string> {
    if (this.passphrase !== undefined) return this.passphrase;
    let value: string | null | undefined;
    if (this.options.passphraseStdin) {
      value = this.input.isTerminal ? await this.ask("Passphrase: ") : await this.input.line();
      if (!value) throw new DiaryError("--passphrase-stdin: the first line of standard input (the passphrase) is empty");
    } else if (this.env.QUIRE_DIARY_PASSPHRASE) {
      value = this.env.QUIRE_DIARY_PASSPHRASE;
    } else if (options.creating) {
      this.terminalOrFail().write(`Creating a new diary at ${this.file}\n`);
      value = await this.askNew("New passphrase: ");
    } else {
      value = await this.ask(`Passphrase for ${this.file}: `);
    }
    this.passphrase = value;
    return value;
  }

  /** The new passphrase for `rekey`: the second line of stdin, QUIRE_DIARY_NEW_PASSPHRASE, or asked twice. */
  async getNewPassphrase(): Promise<string> {
    if (this.options.passphraseStdin && !this.input.isTerminal) {
      const value = await this.input.line();
      if (!value) throw new DiaryError("--passphrase-stdin: the second line of standard input (the new passphrase) is empty");
      return value;
    }
    if (this.env.QUIRE_DIARY_NEW_PASSPHRASE) return this.env.QUIRE_DIARY_NEW_PASSPHRASE;
    return this.askNew("New passphrase: ");
  }

  private terminalOrFail(): Terminal {
    const term = this.terminal();
    if (!term) {
      throw new DiaryError("no passphrase: set QUIRE_DIARY_PASSPHRASE or use --passphrase-stdin (there is no terminal to ask on)");
    }
    return term;
  }

  private async ask(prompt: string): Promise<string> {
    const term = this.terminalOrFail();
    try {
      for (;;) {
        const value = await term.readLine(prompt, { secret: true });
        if (value === null) throw new DiaryError("no passphrase given");
        if (value) return value;
      }
    } finally {
      // Back to the terminal's normal mode while we work, so a crash can't leave it without echo.
      term.release();
    }
  }

  private async askNew(prompt: string): Promise<string> {
    const term = this.terminalOrFail();
    for (;;) {
      const first = await this.ask(prompt);
      const again = await this.ask("Repeat it: ");
      if (first === again) return first;
      term.write("The two do not match; again.\n");
    }
  }

  /** Unlock (or create) the diary. */
  async openDiary(options: { create: boolean }): Promise<Diary> {
    const creating = options.create && !diaryExists(this.file);
    const passphrase = await this.getPassphrase({ creating });
    return openDiary(this.file, passphrase, { create: options.create, createDirectory: this.isDefaultFile });
  }

  /** Change the passphrase atomically (see `rekeyDatabase`); the diary must not be open. */
  rekey(oldPassphrase: string, newPassphrase: string) {
    const pauseAt = this.env.QUIRE_DIARY_TEST_PAUSE_REKEY;
    rekeyDatabase(this.file, {
      oldKey: oldPassphrase,
      newKey: newPassphrase,
      onStep: (step: RekeyStep) => {
        if (step !== pauseAt) return;
        // Test hook: stand still (synchronously, like a process stuck in I/O) until killed.
        this.stderr.write(`rekey: paused after ${step}\n`);
        Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 120_000);
      },
    });
  }
}
