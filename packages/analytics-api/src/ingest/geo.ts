import fs from "node:fs";
import { createRequire } from "node:module";
import net from "node:net";

import { Reader } from "mmdb-lib";
import type { Response } from "mmdb-lib";

/** What each record of geo-whois-asn-country holds (not one of MaxMind's shapes that mmdb-lib types). */
interface CountryRecord {
  country_code?: unknown;
}

/** The CC0 IP→country database shipped with `@ip-location-db/geo-whois-asn-country-mmdb` (IPv4 and IPv6 in one file). */
const PACKAGE = "@ip-location-db/geo-whois-asn-country-mmdb";
const FILE = "geo-whois-asn-country.mmdb";
const MAX_CACHED = 50_000;

/**
 * Special-purpose ranges (RFC 6890 and friends): never a visitor's country.
 * The whois-derived database maps some of them to the registry's country
 * (192.168.0.0/16, 172.16.0.0/12 and the documentation nets come back "AU",
 * 2001:db8::/32 "JP"), so they are refused before the lookup.
 */
const SPECIAL = new net.BlockList();
for (const [address, prefix] of [
  ["0.0.0.0", 8],
  ["10.0.0.0", 8],
  ["100.64.0.0", 10],
  ["127.0.0.0", 8],
  ["169.254.0.0", 16],
  ["172.16.0.0", 12],
  ["192.0.0.0", 24],
  ["192.0.2.0", 24],
  ["192.88.99.0", 24],
  ["192.168.0.0", 16],
  ["198.18.0.0", 15],
  ["198.51.100.0", 24],
  ["203.0.113.0", 24],
  ["224.0.0.0", 4],
  ["240.0.0.0", 4],
] as const)
  SPECIAL.addSubnet(address, prefix, "ipv4");
for (const [address, prefix] of [
  ["::", 127],
  ["64:ff9b::", 96],
  ["100::", 64],
  ["2001::", 23],
  ["2001:db8::", 32],
  ["fc00::", 7],
  ["fe80::", 10],
  ["ff00::", 8],
] as const)
  SPECIAL.addSubnet(address, prefix, "ipv6");

let reader: Reader<Response> | null | undefined;
const cache = new Map<string, string>();

/** The shipped database file, resolved from this package (null when it is not installed). */
function defaultFile(): string | null {
  try {
    const require = createRequire(import.meta.url);
    // Resolved at run time, not bundled: the file is data, read once from the installed package.
    return require.resolve(/* turbopackIgnore: true */ `${PACKAGE}/${FILE}`);
  } catch {
    return null;
  }
}

/**
 * Use this mmdb file for lookups (null: none, every country unknown). By
 * default the shipped database is read once, on the first lookup (8 MB; the
 * reader walks the Buffer in place).
 */
export function useGeoDatabase(file: string | null): void {
  cache.clear();
  reader = file === null ? null : new Reader<Response>(fs.readFileSync(file));
}

function open(): Reader<Response> | null {
  if (reader === undefined) {
    const file = defaultFile();
    try {
      reader = file ? new Reader<Response>(fs.readFileSync(file)) : null;
    } catch (error) {
      console.error(
        `[quire:analytics] GeoIP database ${file} cannot be read (${(error as Error).message}): countries from proxy headers only`,
      );
      reader = null;
    }
  }
  return reader;
}

/**
 * ISO 3166-1 alpha-2 country of an IP address from the shipped database, ''
 * when unknown (private, loopback, documentation and other special ranges,
 * unassigned space, junk). Cached per
 * address: a site sees the same visitors over and over. Nothing leaves the
 * process and the address is not kept beyond the cache.
 *
 * @example
 * countryOfIp("8.8.8.8"); // "US"
 * countryOfIp("192.168.1.10"); // ""
 */
export function countryOfIp(ip: string): string {
  let country = cache.get(ip);
  if (country !== undefined) return country;
  country = "";
  const family = net.isIP(ip);
  if (family !== 0 && !SPECIAL.check(ip, family === 4 ? "ipv4" : "ipv6")) {
    const db = open();
    try {
      const code = (db?.get(ip) as CountryRecord | null | undefined)?.country_code;
      if (typeof code === "string" && /^[A-Z]{2}$/.test(code)) country = code;
    } catch {
      // an address the reader cannot walk: unknown
    }
  }
  if (cache.size >= MAX_CACHED) cache.clear();
  cache.set(ip, country);
  return country;
}
