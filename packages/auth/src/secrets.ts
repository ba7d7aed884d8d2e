import { createHmac, randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";

import { generatePassword, hashPassword } from "./password";

/** What the three apps share through the data directory (never through each other's databases). */
export interface QuireSecrets {
  serviceToken: string;
  sessionSecret: string;
  adminPasswordHash: string;
}

export interface LoadSecretsOptions {
  dataDir: string;
  serviceToken?: string;
  sessionSecret?: string;
  adminPassword?: string;
  /** Called once, by the one process that created the password. */
  onGeneratedPassword?: (password: string, file: string) => void;
}

export const SECRETS_FILE = "quire-secrets.json";

function readSecrets(file: string): QuireSecrets | null {
  try {
    const data = JSON.parse(fs.readFileSync(file, "utf8")) as Partial<QuireSecrets>;
    if (data.serviceToken && data.sessionSecret && data.adminPasswordHash) return data as QuireSecrets;
    throw new Error("missing fields");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw new Error(`${file} is unreadable or damaged (${(error as Error).message}); delete it to create new secrets`);
  }
}

/**
 * Load the secrets every app agrees on, creating them on first start. The file
 * is published with link(2), which fails if it exists, so when the three apps
 * start at once exactly one creates it and the others read that one.
 * Environment values (`QUIRE_SERVICE_TOKEN`, `QUIRE_SESSION_SECRET`,
 * `QUIRE_ADMIN_PASSWORD`) take precedence over the file.
 */
export async function loadSecrets(options: LoadSecretsOptions): Promise<QuireSecrets> {
  const file = path.join(options.dataDir, SECRETS_FILE);
  let secrets = readSecrets(file);
  if (!secrets) {
    const password = generatePassword();
    const created: QuireSecrets = {
      serviceToken: randomBytes(32).toString("base64url"),
      sessionSecret: randomBytes(32).toString("base64url"),
      adminPasswordHash: await hashPassword(password),
    };
    fs.mkdirSync(options.dataDir, { recursive: true });
    const tmp = `${file}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`;
    fs.writeFileSync(tmp, JSON.stringify(created, null, 2), { mode: 0o600 });
    try {
      fs.linkSync(tmp, file);
      secrets = created;
      if (!options.adminPassword) options.onGeneratedPassword?.(password, file);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      secrets = readSecrets(file)!;
    } finally {
      fs.rmSync(tmp, { force: true });
    }
  }
  const sessionSecret = options.sessionSecret ?? secrets.sessionSecret;
  return {
    serviceToken: options.serviceToken ?? secrets.serviceToken,
    sessionSecret,
    // A salt derived from the shared session secret, so the three apps agree on the hash and
    // therefore on the session fingerprint: a login on one app stays valid on the others.
    adminPasswordHash: options.adminPassword
      ? await hashPassword(options.adminPassword, createHmac("sha256", sessionSecret).update("quire admin password salt").digest().subarray(0, 16))
      : secrets.adminPasswordHash,
  };
}
