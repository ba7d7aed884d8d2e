import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

import type { DiaryEnv } from "../env";
import { DiaryError } from "../errors";

/** The user's editor command ($VISUAL, then $EDITOR), or undefined. */
export function editorCommand(env: DiaryEnv): string | undefined {
  return env.VISUAL ?? env.EDITOR;
}

/** The text an editor shows for an entry: an optional `# Title` line, a blank line, the body. */
export function toEditorText(title: string | null, body: string): string {
  return title ? `# ${title}\n\n${body}\n` : body ? `${body}\n` : "";
}

/** The reverse of {@link toEditorText}: a first line `# …` is the title. */
export function fromEditorText(text: string): { title: string | null; body: string } {
  const m = /^# (.+)\r?\n/.exec(text);
  if (!m) return { title: null, body: text.trim() };
  return { title: m[1]!.trim(), body: text.slice(m[0].length).trim() };
}

/**
 * Let the user write in their editor. The text has to be a plain file while
 * the editor has it, so it lives in a private directory (0700, file 0600) on
 * a RAM-backed filesystem when there is one (/dev/shm), and is deleted as
 * soon as the editor exits. Returns null when the editor left it unchanged.
 */
export function editInEditor(env: DiaryEnv, initial: string, release: () => void): string | null {
  const editor = editorCommand(env) ?? "vi";
  const base = (() => {
    try {
      fs.accessSync("/dev/shm", fs.constants.W_OK);
      return "/dev/shm";
    } catch {
      return os.tmpdir();
    }
  })();
  const dir = fs.mkdtempSync(path.join(base, "quire-diary-"));
  const file = path.join(dir, "entry.md");
  try {
    fs.writeFileSync(file, initial, { mode: 0o600 });
    release();
    // Through the shell, as git does, so EDITOR="code --wait" works.
    const result = spawnSync("/bin/sh", ["-c", `${editor} "$1"`, "sh", file], { stdio: "inherit", env: env.childEnv });
    if (result.error) throw new DiaryError(`cannot start the editor (${editor}): ${result.error.message}`);
    if (result.status !== 0) throw new DiaryError(`the editor (${editor}) exited with status ${String(result.status)}; nothing saved`);
    const text = fs.readFileSync(file, "utf8");
    return text === initial ? null : text;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
