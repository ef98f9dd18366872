# Installs the Debian packages the selected services need. Sourced by start.sh.

APT_UPDATED=0

apt_install() {
  command -v apt-get >/dev/null || die "apt-get not found: install $* by hand"
  [ "$(id -u)" = 0 ] || die "installing $* needs root"
  if [ "$APT_UPDATED" = 0 ]; then
    log "apt-get update"
    DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2 || die "apt-get update failed"
    APT_UPDATED=1
  fi
  log "apt-get install -y $*"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >&2 ||
    die "apt-get install $* failed"
}

# Debian's packages may start their own system instances on our ports: stop those.
stop_distro_instances() {
  local what="$1"
  case "$what" in
    redis-server)
      if command -v service >/dev/null; then service redis-server stop >/dev/null 2>&1 || true; fi
      ;;
    postgresql)
      if command -v pg_lsclusters >/dev/null; then
        pg_lsclusters -h 2>/dev/null | while read -r ver cluster _; do
          pg_ctlcluster "$ver" "$cluster" stop >/dev/null 2>&1 || true
        done
      fi
      ;;
  esac
}

# The newest PostgreSQL bin dir installed by Debian's packages, e.g. /usr/lib/postgresql/15/bin.
postgres_bin_dir() {
  local d
  d="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -t/ -k4 -n | tail -n1)"
  [ -n "$d" ] && [ -x "$d/postgres" ] && printf '%s\n' "$d"
}

ensure_packages() {
  local pkgs=() s
  for s in "$@"; do
    case "$s" in
      redis) command -v redis-server >/dev/null && command -v redis-cli >/dev/null || pkgs+=(redis-server) ;;
      postgres) postgres_bin_dir >/dev/null || pkgs+=(postgresql) ;;
    esac
  done
  command -v runuser >/dev/null || pkgs+=(util-linux)
  [ "${#pkgs[@]}" -eq 0 ] && return 0
  apt_install "${pkgs[@]}"
  for s in "${pkgs[@]}"; do stop_distro_instances "$s"; done
}
