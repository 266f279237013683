#!/usr/bin/env bash
# Sets up everything Waymark needs, step by step, skipping what is already up to date.
#   scripts/setup.sh            environments, model, database (what `make run` needs)
#   scripts/setup.sh --test     the same plus the test tools and a headless Chromium
set -euo pipefail
cd "$(dirname "$0")/.."
export RASA_TELEMETRY_ENABLED=false PIP_DISABLE_PIP_VERSION_CHECK=1
export PYTHONPATH="$PWD"  # Rasa loads the custom components in nlu_plugins/

with_tests=0
[ "${1:-}" = "--test" ] && with_tests=1
steps=6
[ $with_tests = 1 ] && steps=7
n=0
step() { n=$((n + 1)); printf '\033[1m[%d/%d]\033[0m %s ... ' "$n" "$steps" "$1"; t0=$SECONDS; }
done_() { printf 'done (%ds)\n' $((SECONDS - t0)); }
skip() { printf 'up to date\n'; }
# pip's per-package lines become one line that keeps updating: progress without a wall of text.
pip_progress() {
  local count=0 line
  while IFS= read -r line; do
    case "$line" in
      Collecting*|Processing*) count=$((count + 1)); printf '\r\033[K    %3d packages fetched: %.60s' "$count" "${line#* }" ;;
      "Installing collected"*) printf '\r\033[K    installing %d packages...' "$count" ;;
      ERROR*|error*) printf '\n%s\n' "$line" ;;
    esac
  done
  printf '\r\033[K'
}
lock_hash() { cat "$@" | sha256sum | cut -c1-16; }

find_python310() {
  if python3.10 --version >/dev/null 2>&1; then command -v python3.10; return; fi
  if command -v pyenv >/dev/null 2>&1; then
    for p in "$(pyenv root)"/versions/3.10*/bin/python3.10; do
      if [ -x "$p" ] && "$p" --version >/dev/null 2>&1; then echo "$p"; return; fi
    done
  fi
  if [ -n "${PYTHON310:-}" ] && "$PYTHON310" --version >/dev/null 2>&1; then echo "$PYTHON310"; return; fi
  return 1
}

# A venv is rebuilt when its lock file changes; the stamp records which lock it holds.
make_venv() { # dir python stamp locks...
  local dir=$1 python=$2 stamp=$3; shift 3
  if [ -f "$dir/.stamp" ] && [ "$(cat "$dir/.stamp")" = "$stamp" ]; then skip; return; fi
  rm -rf "$dir"
  "$python" -m venv "$dir"
  local args=()
  for lock in "$@"; do args+=(-r "$lock"); done
  echo
  "$dir/bin/pip" install --no-deps --require-hashes "${args[@]}" 2>&1 | pip_progress
  [ "${PIPESTATUS[0]}" = 0 ] || { echo "pip install into $dir failed"; exit 1; }
  echo "$stamp" > "$dir/.stamp"
  done_
}

step "Finding Python 3.10 for Rasa"
if ! PY310=$(find_python310); then
  echo; echo "Python 3.10 not found: install it (e.g. 'pyenv install 3.10.13') or set PYTHON310=/path/to/python3.10." >&2
  exit 1
fi
echo "$PY310"

step "Rasa environment (.venv-rasa, rasa 3.6.21; about 2 minutes the first time)"
make_venv .venv-rasa "$PY310" "$(lock_hash requirements/rasa.txt)" requirements/rasa.txt

app_locks=(requirements/app.txt)
[ $with_tests = 1 ] && app_locks+=(requirements/dev.txt)
step "App environment (.venv: bot, actions, spaCy, python-telegram-bot)"
make_venv .venv python3 "$(lock_hash "${app_locks[@]}")" "${app_locks[@]}"

step "Rasa model (trained only when nlu_data/, domain.yml or config.yml change)"
fingerprint=$(find nlu_data domain.yml config.yml -type f -print0 | sort -z | xargs -0 cat | sha256sum | cut -c1-16)
if [ -f models/waymark.tar.gz ] && [ "$(cat models/.fingerprint 2>/dev/null)" = "$fingerprint" ]; then
  skip
else
  echo
  .venv-rasa/bin/rasa train --data nlu_data --domain domain.yml --config config.yml \
    --out models --fixed-model-name waymark 2>&1 \
    | grep -E "^Epochs|Your Rasa model|Training (NLU|Core)|error|Error" | tr '\r' '\n' | grep -vE "^\s*$" | tail -n 4
  [ "${PIPESTATUS[0]}" = 0 ] || { echo "rasa train failed"; exit 1; }
  echo "$fingerprint" > models/.fingerprint
  done_
fi

step "Safety-net risk model (trained only when nlu_data/nlu/ or bot/safety/ change; seconds)"
net_fingerprint=$(find nlu_data/nlu bot/safety bot/risk.py -type f \( -name '*.yml' -o -name '*.py' \) -print0 \
  | sort -z | xargs -0 cat | sha256sum | cut -c1-16)
if [ -f models/safety-net/meta.json ] && [ "$(cat models/safety-net/.fingerprint 2>/dev/null)" = "$net_fingerprint" ]; then
  skip
else
  rm -rf models/safety-net
  .venv/bin/python -m bot.safety.classifier train || { echo "safety-net model training failed"; exit 1; }
  echo "$net_fingerprint" > models/safety-net/.fingerprint
  done_
fi

step "Database (Alembic migrations)"
.venv/bin/python -m bot migrate
done_

if [ $with_tests = 1 ]; then
  step "Headless Chromium for the console tests (Debian package)"
  if [ -x /usr/bin/chromium ]; then
    skip
  elif [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) \
      || { echo "could not install chromium; browser tests will be skipped"; }
    done_
  else
    echo "not installed (run: sudo apt-get install chromium); browser tests will be skipped"
  fi
fi
