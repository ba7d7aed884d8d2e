export { createSite, deleteSite, ensureSites, findSite, getSite, getSiteByShareToken, invalidateSites, listSiteRows, normalizeDomain, updateSite } from "./sites";
export type { CreateSiteData, SiteInfo, UpdateSiteData } from "./sites";
export { isPattern, patternToRegExp, patternToRegExpSource } from "./patterns";
