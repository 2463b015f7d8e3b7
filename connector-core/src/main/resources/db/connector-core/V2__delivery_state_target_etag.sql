-- The target's version tag of the profile (a C4C ETag), sent as If-Match on the next update.
alter table delivery_state add column target_etag varchar(255);
