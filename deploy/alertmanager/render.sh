#!/bin/sh
# Renders the Alertmanager configuration template (deploy/alertmanager/alertmanager.yml) from the environment:
# every ${ALERT_...} in the template is replaced by that variable's value. Alertmanager itself does not expand
# environment variables in its configuration, hence this step. POSIX sh + awk only, so it also runs inside the
# prom/alertmanager image (busybox), which is how docker-compose.yml starts Alertmanager.
#
#   ALERT_EMAIL_TO=oncall@example.com ... sh deploy/alertmanager/render.sh deploy/alertmanager/alertmanager.yml /tmp/alertmanager.yml
#
# Fails (exit 2, naming the variable) when a variable the template uses is unset or empty, or holds a character that
# would break the YAML (a single quote, a backslash or a line break). The output holds the SMTP password and the Slack
# webhook: it is written with mode 600; in Kubernetes it belongs in a Secret (docs/operations.md#alertmanager).
set -eu
if [ "$#" -ne 2 ]; then
  echo "usage: render.sh TEMPLATE OUTPUT" >&2
  exit 64
fi
template=$1
output=$2
[ -r "$template" ] || { echo "render.sh: cannot read $template" >&2; exit 66; }
umask 077
tmp="$output.tmp.$$"
trap 'rm -f "$tmp"' EXIT
awk -v q="'" '
  function unsafe(v) { return index(v, q) || index(v, "\\") || index(v, "\n") || index(v, "\r") }
  {
    line = $0; out = ""
    while (match(line, /\$\{ALERT_[A-Z0-9_]*\}/)) {
      name = substr(line, RSTART + 2, RLENGTH - 3)
      value = ENVIRON[name]
      if (value == "") { printf "render.sh: %s is not set (line %d of the template)\n", name, NR > "/dev/stderr"; bad = 1 }
      else if (unsafe(value)) { printf "render.sh: %s holds a quote, backslash or line break\n", name > "/dev/stderr"; bad = 1 }
      out = out substr(line, 1, RSTART - 1) value
      line = substr(line, RSTART + RLENGTH)
    }
    print out line
  }
  END { if (bad) exit 2 }
' "$template" > "$tmp"
mv "$tmp" "$output"
trap - EXIT
