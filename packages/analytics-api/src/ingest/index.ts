export { collect, CollectError, LIMITS, normalizeEventName, normalizeProps } from "./collect";
export type { CollectInput, CollectOutcome } from "./collect";
export { botReason, clientFromHeaders, normalizeLanguage, parseAgent, screenClass } from "./client";
export type { Agent, ClientInfo } from "./client";
export {
  collectPlausible,
  collectUmami,
  CORS_HEADERS,
  handlePixel,
  handlePixelSnippet,
  handlePlausibleEvent,
  handlePreflight,
  handleTrackerScript,
  handleUmamiSend,
  readBody,
} from "./handlers";
export type { PlainResponse } from "./handlers";
export { parsePixelQuery, parsePlausibleBody, parseUmamiBody } from "./protocols";
export { ingestQueue, IngestQueue } from "./queue";
export type { IngestStats } from "./queue";
export { pruneSalts, saltFor, visitorHash } from "./salts";
export { resolveSource } from "./source";
export type { Source } from "./source";
export { COLLECT_PATHS, createCollectHandler } from "./node-handler";
export type { CollectHandler, CollectHandlerOptions } from "./node-handler";
export { countryOfIp, useGeoDatabase } from "./geo";
export type { ClientSource } from "./client";
