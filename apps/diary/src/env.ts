import os from "node:os";
import path from "node:path";
import { z } from "zod";

const REKEY_STEPS = ["locked", "copied", "rekeyed", "verified", "synced", "renamed"] as const;

const envSchema = z.object({
  /** The diary file; `--file` wins. Default `~/.quire/diary.db`. */
  QUIRE_DIARY_FILE: z.string().min(1).optional(),
  /** The passphrase, for scripts (never a command-line argument: those show in `ps`). */
  QUIRE_DIARY_PASSPHRASE: z.string().min(1).optional(),
  /** The new passphrase for `rekey`, for scripts. */
  QUIRE_DIARY_NEW_PASSPHRASE: z.string().min(1).optional(),
  /** Test hook: `rekey` stops dead after this step, so a test can kill it there. */
  QUIRE_DIARY_TEST_PAUSE_REKEY: z.enum(REKEY_STEPS).optional(),
  /** Print stack traces for unexpected errors. */
  QUIRE_DIARY_DEBUG: z.enum(["0", "1"]).default("0"),
  VISUAL: z.string().min(1).optional(),
  EDITOR: z.string().min(1).optional(),
  NO_COLOR: z.string().optional(),
  HOME: z.string().min(1).optional(),
  // Set by pnpm: where `pnpm diary` was typed, so a relative --file means what the user meant.
  INIT_CWD: z.string().min(1).optional(),
  npm_lifecycle_event: z.string().optional(),
});

export type DiaryEnv = z.infer<typeof envSchema> & {
  /** The directory relative paths are resolved against. */
  cwd: string;
  /** Environment for child processes ($EDITOR): everything but the diary's secrets. */
  childEnv: NodeJS.ProcessEnv;
};

/**
 * The diary's environment, validated once; the only place that reads
 * `process.env`. Empty strings count as unset.
 */
export function loadEnv(source: NodeJS.ProcessEnv = process.env): DiaryEnv {
  const cleaned = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== ""));
  const result = envSchema.safeParse(cleaned);
  if (!result.success) {
    const lines = result.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
    throw new Error(`invalid environment: ${lines.join("; ")}`);
  }
  const env = result.data;
  const childEnv = { ...source };
  delete childEnv.QUIRE_DIARY_PASSPHRASE;
  delete childEnv.QUIRE_DIARY_NEW_PASSPHRASE;
  const cwd = env.npm_lifecycle_event === "diary" && env.INIT_CWD ? env.INIT_CWD : process.cwd();
  return { ...env, cwd, childEnv };
}

/** `--file`, else QUIRE_DIARY_FILE, else `~/.quire/diary.db`; `isDefault` when neither was given. */
export function resolveDiaryFile(env: DiaryEnv, flag: string | undefined): { file: string; isDefault: boolean } {
  const named = flag ?? env.QUIRE_DIARY_FILE;
  if (named) return { file: path.resolve(env.cwd, named), isDefault: false };
  return { file: path.join(env.HOME ?? os.homedir(), ".quire", "diary.db"), isDefault: true };
}
