// A stand-in for $EDITOR in tests: records what it was shown (to
// FAKE_EDITOR_LOG) and leaves FAKE_EDITOR_TEXT in the file, as a user would.
import fs from "node:fs";
import process from "node:process";

const file = process.argv[2];
if (process.env.FAKE_EDITOR_LOG) fs.writeFileSync(process.env.FAKE_EDITOR_LOG, fs.readFileSync(file, "utf8"));
if (process.env.FAKE_EDITOR_TEXT !== undefined) fs.writeFileSync(file, process.env.FAKE_EDITOR_TEXT);
process.exit(Number(process.env.FAKE_EDITOR_STATUS ?? 0));
