-- Hand-written: the types of the metadata already stored, inferred as the code
-- infers them on every write (src/queries/metadata.ts, typedMetadata): "True"/
-- "False" (Scout's booleans, any case) are booleans, Scout-style numbers are
-- numbers, ISO 8601 dates (times without an offset taken as UTC) are dates, the
-- rest text. REGEXP is @quire/db's regexp() (JavaScript syntax), installed
-- before migrations run.
UPDATE metadata SET type = 'boolean', num = (lower(value) = 'true')
WHERE lower(value) IN ('true', 'false');
--> statement-breakpoint
UPDATE metadata SET type = 'number', num = CAST(value AS REAL)
WHERE type = 'string' AND value REGEXP '^-?(?:\d+\.?\d*|\.\d+)$';
--> statement-breakpoint
UPDATE metadata SET type = 'date', num = unixepoch(value, 'subsec') * 1000
WHERE type = 'string'
  AND value REGEXP '^\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,3})?)?(?:Z|[+-]\d{2}:\d{2})?)?$'
  AND unixepoch(value, 'subsec') IS NOT NULL;
