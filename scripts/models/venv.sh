# Sourced by the build scripts: creates/reuses a Python venv and installs a pinned requirements file.
# ensure_venv VENV_DIR REQUIREMENTS_FILE [extra pip args...]
# Reinstalls only when the requirements file changed (stamp = its sha256). PYTHON picks the interpreter.
ensure_venv() {
  local venv="$1" req="$2"; shift 2
  local stamp="$venv/.requirements.sha256" want started
  want="$(sha256sum "$req" | cut -d' ' -f1)"
  if [[ -x "$venv/bin/python" && -f "$stamp" && "$(cat "$stamp")" == "$want" ]]; then
    return 0
  fi
  started=$(date +%s)
  echo "[venv] installing $(basename "$req") into $venv" >&2
  "${PYTHON:-python3}" -m venv "$venv"
  "$venv/bin/python" -m pip install --quiet --disable-pip-version-check --only-binary=:all: "$@" -r "$req" >&2
  echo "$want" > "$stamp"
  echo "[venv] ready in $(( $(date +%s) - started ))s" >&2
}
