#!/usr/bin/env bash
# A real Tryton 6.0 (Debian packages, SQLite) for Dock2Ledger: installs, initialises the database dock2ledger from
# config/masterdata once, then serves JSON-RPC on 127.0.0.1. See docs/erp.md.
#
#   TRYTON_ADMIN_PASSWORD=... docker/tryton/run-local.sh [serve|init|install]
#     serve    (default) install where missing, initialise where missing, run trytond in the foreground (exec:
#              the caller's process is trytond, so stopping it stops Tryton)
#     init     install and initialise where missing, then exit
#     install  only the Debian packages (what .ci/run calls)
#
#   TRYTON_ADMIN_PASSWORD  admin password, required (no default secret); set on every run, so it is the truth
#   TRYTON_PORT            listen port, default 8000 (always 127.0.0.1)
#   TRYTON_DATA_DIR        database and configuration, default data/tryton (repository root)
set -euo pipefail
cd "$(dirname "$0")/../.."

MODE="${1:-serve}"
DB=dock2ledger
PORT="${TRYTON_PORT:-8000}"
DATA_DIR="${TRYTON_DATA_DIR:-data/tryton}"
# sale and purchase (with stock and account_invoice_stock, which they need) hold the open orders the hub syncs
MODULES="party company currency product account account_product account_invoice stock sale purchase"
PACKAGES="tryton-server tryton-proteus tryton-modules-party tryton-modules-company tryton-modules-currency
  tryton-modules-product tryton-modules-account tryton-modules-account-product tryton-modules-account-invoice
  tryton-modules-stock tryton-modules-account-invoice-stock tryton-modules-sale tryton-modules-purchase"

log() { echo "run-local.sh: $*" >&2; }

install_packages() {
  local missing=()
  for p in $PACKAGES; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  log "installing ${missing[*]}"
  [ "$(id -u)" -eq 0 ] || { log "not root: install them with sudo apt-get install ${missing[*]}"; exit 1; }
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null \
    || { apt-get update -qq && apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null; }
}

install_packages
[ "$MODE" = install ] && exit 0

if [ -z "${TRYTON_ADMIN_PASSWORD:-}" ]; then
  log "TRYTON_ADMIN_PASSWORD is not set: refusing to start Tryton without an admin password"
  exit 2
fi

mkdir -p "$DATA_DIR"
DATA_DIR="$(cd "$DATA_DIR" && pwd)"
CONF="$DATA_DIR/trytond.conf"
cat > "$CONF" <<CONF
[database]
uri = sqlite://
path = $DATA_DIR
[web]
listen = 127.0.0.1:$PORT
CONF

PASSFILE="$(mktemp)"
trap 'rm -f "$PASSFILE"' EXIT
chmod 600 "$PASSFILE"
printf '%s\n' "$TRYTON_ADMIN_PASSWORD" > "$PASSFILE"

seed_orders() {
  /usr/bin/python3 docker/tryton/seed_orders.py "$CONF" "$DB" config/masterdata >>"$DATA_DIR/init.log" 2>&1 \
    || { log "seeding the orders failed, see $DATA_DIR/init.log"; tail -5 "$DATA_DIR/init.log" >&2; exit 1; }
}

if [ ! -f "$DATA_DIR/$DB.initialised" ]; then
  # A half-done earlier attempt is started over: the marker is written only after the seed succeeded.
  rm -f "$DATA_DIR/$DB.sqlite"
  touch "$DATA_DIR/$DB.sqlite"
  started=$(date +%s)
  log "initialising database $DB in $DATA_DIR"
  TRYTONPASSFILE="$PASSFILE" trytond-admin -c "$CONF" -d "$DB" --email admin@example.com \
    -u $MODULES --activate-dependencies >"$DATA_DIR/init.log" 2>&1 \
    || { log "trytond-admin failed, see $DATA_DIR/init.log"; tail -5 "$DATA_DIR/init.log" >&2; exit 1; }
  /usr/bin/python3 docker/tryton/init_dock2ledger.py "$CONF" "$DB" config/masterdata >>"$DATA_DIR/init.log" 2>&1 \
    || { log "seeding failed, see $DATA_DIR/init.log"; tail -5 "$DATA_DIR/init.log" >&2; exit 1; }
  seed_orders
  echo "$MODULES" > "$DATA_DIR/$DB.initialised"
  log "initialised in $(( $(date +%s) - started )) s"
else
  if [ "$(cat "$DATA_DIR/$DB.initialised")" != "$MODULES" ]; then
    # A database initialised before the sale and purchase modules: activate what is missing, seed the orders
    log "activating $MODULES in the existing database $DB"
    TRYTONPASSFILE="$PASSFILE" trytond-admin -c "$CONF" -d "$DB" -u $MODULES --activate-dependencies \
      >>"$DATA_DIR/init.log" 2>&1 || { log "trytond-admin failed, see $DATA_DIR/init.log"; exit 1; }
    seed_orders
    echo "$MODULES" > "$DATA_DIR/$DB.initialised"
  fi
  # Reused database: the admin password follows TRYTON_ADMIN_PASSWORD.
  TRYTONPASSFILE="$PASSFILE" trytond-admin -c "$CONF" -d "$DB" -p >>"$DATA_DIR/init.log" 2>&1 \
    || { log "could not set the admin password, see $DATA_DIR/init.log"; exit 1; }
  log "reusing database $DB in $DATA_DIR"
fi

[ "$MODE" = init ] && exit 0
rm -f "$PASSFILE"
log "serving $DB on http://127.0.0.1:$PORT/$DB/"
exec trytond -c "$CONF" -d "$DB"
