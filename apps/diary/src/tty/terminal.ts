import fs from "node:fs";
import tty from "node:tty";

import { InterruptedError } from "../errors";

const CTRL_C = "\u0003";
const CTRL_D = "\u0004";
const CTRL_U = "\u0015";
const BACKSPACES = new Set(["\u007f", "\b"]);

/**
 * The user's terminal, in raw mode for as long as we read from it: every
 * prompt does its own echo (none for a passphrase), Ctrl-C and Ctrl-D arrive
 * as keys instead of a signal and an end-of-file, so the program decides
 * what they mean and the input stream stays usable afterwards.
 *
 * Input is kept in one buffer shared by every kind of read (a key, a line, a
 * secret), so keystrokes typed ahead are never lost between prompts.
 */
export class Terminal {
  private buffer = "";
  private ended = false;
  private wake: (() => void) | undefined;
  private raw = false;
  private readonly onData = (chunk: string) => {
    this.buffer += chunk;
    this.notify();
  };
  private readonly onEnd = () => {
    this.ended = true;
    this.notify();
  };

  constructor(
    private readonly input: tty.ReadStream,
    readonly output: NodeJS.WriteStream,
    private readonly ownsInput = false,
  ) {
    input.setEncoding("utf8");
  }

  /**
   * The terminal on stdin, or else the controlling terminal (`/dev/tty`) so
   * `echo text | quire-diary add` can still ask for the passphrase. Undefined
   * when there is none (cron, CI).
   */
  static open(): Terminal | undefined {
    if (process.stdin.isTTY) return new Terminal(process.stdin, process.stderr);
    try {
      const fd = fs.openSync("/dev/tty", "r+");
      return new Terminal(new tty.ReadStream(fd), new tty.WriteStream(fd), true);
    } catch {
      return undefined;
    }
  }

  get columns(): number {
    return this.output.columns || 80;
  }

  write(text: string) {
    this.output.write(text);
  }

  /** Leave raw mode and stop reading (before $EDITOR takes over the terminal, and at exit). */
  release() {
    if (!this.raw) return;
    this.raw = false;
    this.input.off("data", this.onData);
    this.input.off("end", this.onEnd);
    this.input.setRawMode(false);
    this.input.pause();
  }

  close() {
    this.release();
    if (this.ownsInput) this.input.destroy();
  }

  private acquire() {
    if (this.raw) return;
    this.raw = true;
    this.input.setRawMode(true);
    this.input.on("data", this.onData);
    this.input.on("end", this.onEnd);
    this.input.resume();
  }

  private notify() {
    const wake = this.wake;
    this.wake = undefined;
    wake?.();
  }

  /** One key: a character, an escape sequence (arrows…) as one string, or "" at end of input. */
  async readKey(): Promise<string> {
    this.acquire();
    while (this.buffer === "" && !this.ended) await new Promise<void>((resolve) => (this.wake = resolve));
    if (this.buffer === "") return "";
    let length = 1;
    // An escape sequence (CSI like arrows, SS3, or ESC + one key) is one key.
    // eslint-disable-next-line no-control-regex
    const escape = /^\u001b(?:\[[0-?]*[ -/]*[@-~]|O.|.)?/u.exec(this.buffer);
    if (escape) length = escape[0].length;
    else if (this.buffer.codePointAt(0)! > 0xffff) length = 2;
    const key = this.buffer.slice(0, length);
    this.buffer = this.buffer.slice(length);
    return key;
  }

  /**
   * One line with simple editing (Backspace, Ctrl-U). Returns null for
   * Ctrl-D on an empty line (or end of input); Ctrl-C throws
   * {@link InterruptedError}. `secret` echoes nothing.
   */
  async readLine(prompt: string, options: { secret?: boolean } = {}): Promise<string | null> {
    // Raw mode (no echo) before the prompt shows: nothing typed after it can be echoed by the terminal.
    this.acquire();
    this.write(prompt);
    const line = await this.editLine(options.secret ?? false);
    if (line === null) this.write("\n");
    return line && line.text;
  }

  /**
   * Several lines, until Ctrl-D (on an empty line it just ends; after text it
   * ends with that line kept). Ctrl-C throws {@link InterruptedError}.
   */
  async readText(): Promise<string> {
    const lines: string[] = [];
    for (;;) {
      const line = await this.editLine(false);
      if (line === null) break;
      lines.push(line.text);
      if (line.eof) break;
    }
    return lines.join("\n");
  }

  /** The line editor: null for Ctrl-D on an empty line; `eof` when Ctrl-D ended a non-empty one. */
  private async editLine(secret: boolean): Promise<{ text: string; eof: boolean } | null> {
    const chars: string[] = [];
    const echo = (text: string) => {
      if (!secret) this.write(text);
    };
    for (;;) {
      const key = await this.readKey();
      if (key === "" || key === CTRL_D) {
        if (chars.length === 0) return null;
        this.write("\n");
        return { text: chars.join(""), eof: true };
      }
      if (key === CTRL_C) {
        this.write("^C\n");
        throw new InterruptedError();
      }
      if (key === "\r" || key === "\n") {
        // A terminal sends \r for Enter; a paste may bring \r\n: one line end.
        if (key === "\r" && this.buffer.startsWith("\n")) this.buffer = this.buffer.slice(1);
        this.write("\n");
        return { text: chars.join(""), eof: false };
      }
      if (BACKSPACES.has(key)) {
        if (chars.pop() !== undefined) echo("\b \b");
        continue;
      }
      if (key === CTRL_U) {
        echo("\b \b".repeat(chars.length));
        chars.length = 0;
        continue;
      }
      if (key.startsWith("\u001b") || (key.length === 1 && key < " " && key !== "\t")) continue;
      chars.push(key);
      echo(key);
    }
  }

  /** y/n question answered by one key; anything but y is no. */
  async confirm(question: string): Promise<boolean> {
    this.acquire();
    this.write(`${question} [y/N] `);
    const key = await this.readKey();
    if (key === CTRL_C) {
      this.write("^C\n");
      throw new InterruptedError();
    }
    const yes = key.toLowerCase() === "y";
    this.write(yes ? "y\n" : "n\n");
    return yes;
  }
}
