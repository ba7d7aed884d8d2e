#!/usr/bin/env node
// Launcher for `quire-diary`: runs the TypeScript source through tsx in this
// process, so the terminal (raw mode, signals, exit code) is the program's own.
import { register } from "tsx/esm/api";

register();
await import("../src/main.ts");
