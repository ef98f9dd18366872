# Writes <services dir>/env: connection settings for the local services (KEY=value lines,
# loadable with `set -a; . .services/env; set +a` or `node --env-file`). Sourced by start.sh.
# Local development credentials only. Ports: REVIEWLENS_{REDIS,POSTGRES,FERRETDB,S3}_PORT (defaults 6379, 5432, 27017, 4568).

write_env_file() {
  local tmp="$SERVICES_DIR/env.tmp"
  cat >"$tmp" <<ENV
# Written by scripts/services/start.sh. Local development services only.
REDIS_URL=redis://127.0.0.1:$REDIS_PORT
SOURCE_DATABASE_URL=postgres://reviewlens:reviewlens@127.0.0.1:$PG_PORT/reviewlens_source
SOURCE_DATABASE_READONLY_URL=postgres://reviewlens_reader:reviewlens_reader@127.0.0.1:$PG_PORT/reviewlens_source
MONGO_URL=mongodb://127.0.0.1:$FERRETDB_PORT
MONGO_DB=reviewlens
S3_ENDPOINT=http://127.0.0.1:$S3_PORT
S3_REGION=us-east-1
S3_BUCKET=reviewlens
S3_ACCESS_KEY_ID=S3RVER
S3_SECRET_ACCESS_KEY=S3RVER
S3_FORCE_PATH_STYLE=true
ENV
  mv -f "$tmp" "$SERVICES_DIR/env"
}
