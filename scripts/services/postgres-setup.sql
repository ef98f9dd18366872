-- Idempotent role/database setup for the local source database (run by scripts/services/postgres.sh as postgres).
-- Local development credentials only.
SELECT format('CREATE ROLE %I', r) FROM unnest(ARRAY['reviewlens', 'reviewlens_reader']) AS r
 WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = r) \gexec
ALTER ROLE reviewlens LOGIN CREATEDB PASSWORD 'reviewlens';
ALTER ROLE reviewlens_reader LOGIN NOCREATEDB NOCREATEROLE PASSWORD 'reviewlens_reader';

SELECT 'CREATE DATABASE reviewlens_source OWNER reviewlens'
 WHERE NOT EXISTS (SELECT 1 FROM pg_database WHERE datname = 'reviewlens_source') \gexec
ALTER DATABASE reviewlens_source OWNER TO reviewlens;
GRANT CONNECT ON DATABASE reviewlens_source TO reviewlens_reader;

\connect reviewlens_source
GRANT USAGE ON SCHEMA public TO reviewlens_reader;
GRANT SELECT ON ALL TABLES IN SCHEMA public TO reviewlens_reader;
GRANT SELECT ON ALL SEQUENCES IN SCHEMA public TO reviewlens_reader;
ALTER DEFAULT PRIVILEGES FOR ROLE reviewlens IN SCHEMA public GRANT SELECT ON TABLES TO reviewlens_reader;
ALTER DEFAULT PRIVILEGES FOR ROLE reviewlens IN SCHEMA public GRANT SELECT ON SEQUENCES TO reviewlens_reader;
