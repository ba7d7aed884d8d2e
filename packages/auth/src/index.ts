export { createAuth, safeNext } from "./auth";
export type { Auth, AuthConfig } from "./auth";
export { hashPassword, verifyPassword, generatePassword } from "./password";
export { loadSecrets, SECRETS_FILE } from "./secrets";
export type { QuireSecrets } from "./secrets";
export { createRateLimiter } from "./rate-limit";
export { isTrustedOrigin } from "./origin";
export {
  SESSION_COOKIE,
  SESSION_TTL_SECONDS,
  createSessionValue,
  readSessionValue,
  getCookie,
  sessionCookie,
  clearedSessionCookie,
  passwordFingerprint,
} from "./session";
export type { Session } from "./session";
