-- SPDX-License-Identifier: GPL-3.0-or-later
-- The least a station needs. Run it as the role that owns discburn's tables,
-- once the schema exists (the first `discburn --submit` or `--status` as that
-- role creates it), e.g.
--     psql "host=db1 dbname=burn user=burnadmin" -v ON_ERROR_STOP=1 -f doc/station-role.sql
-- then give the role a password (\password discburn_station in psql) and put
-- it in each station's ~/.pgpass.
--
-- A station reads jobs; it claims and records
-- copies and discs and keeps its own and its drives' rows. It cannot add,
-- delete, reprioritise, pause or cancel jobs, change a job's copies or image,
-- or create anything.
CREATE ROLE discburn_station LOGIN;
GRANT USAGE ON SCHEMA public TO discburn_station;
GRANT SELECT ON schema_version, jobs, job_status TO discburn_station;
GRANT SELECT, UPDATE ON copies TO discburn_station;
GRANT SELECT, INSERT, UPDATE ON stations, drives, discs TO discburn_station;
GRANT USAGE ON SEQUENCE stations_id_seq, drives_id_seq, discs_id_seq TO discburn_station;
