#!/bin/bash
# Issue 12 item 7: checks the operations, onboarding and security statements of docs/operations.md, docs/partners.md and
# docs/security.md that a running hub can answer over HTTP, one PASS/FAIL line per statement. Not part of mvn verify
# (the same rules are asserted by AuthMatrixIT, ExceptionActionsIT, ReplayIT, ReconciliationIT, KpiDashboardIT,
# RulePreviewIT): it is the hands-on check, run from the project directory against a hub started with the default
# (embedded) profile, DOCK2LEDGER_WEBHOOK_SECRET_WH_EAST unset, and the demo files dropped:
#   H=http://localhost:8080 src/test/scripts/docs-against-running-hub.sh
# Last run 2026-12-02 on the ops branch: 51 of 53 passed; the two failures were the docs (backlog gauge absent when
# empty; an unsigned webhook is 503 while the secret is unset), fixed in docs/operations.md and docs/security.md.
H=${H:-http://localhost:8080}
pass=0; fail=0
check() { # description expected actual
  if [[ "$3" == $2 ]]; then echo "PASS  $1"; pass=$((pass+1)); else echo "FAIL  $1: expected '$2', got '$3'"; fail=$((fail+1)); fi
}
code() { curl -s -o /dev/null -w '%{http_code}' "$@"; }
body() { curl -s "$@"; }
V="-u viewer:dev-viewer"; O="-u operator:dev-operator"; A="-u admin:dev-admin"
check "security: /ops/ anonymous -> 302 login" "302" "$(code $H/ops/)"
check "security: /ops/ viewer -> 302 /ops/exceptions" "*/ops/exceptions" "$(curl -s -o /dev/null -w '%{redirect_url}' $V $H/ops/)"
check "security: GET /ops/exceptions viewer 200" "200" "$(code $V $H/ops/exceptions)"
check "operations: filters kept in the address (owner, age)" "200" "$(code $V "$H/ops/exceptions?status=open&owner=master-data-team&age=under-1h")"
check "security: GET /ops/approvals viewer 200" "200" "$(code $V $H/ops/approvals)"
check "operations: approvals forms admin only (operator POST 403)" "403" "$(code $O -X POST $H/ops/approvals/INV-X/approve)"
check "operations: /ops/reconciliation viewer 200 (date defaults to yesterday)" "200" "$(code $V $H/ops/reconciliation)"
check "operations: /ops/kpis viewer 200" "200" "$(code $V $H/ops/kpis)"
check "operations: /ops/files viewer 200" "200" "$(code $V $H/ops/files)"
check "operations: API 404 unknown exception" "404" "$(code $O -X POST $H/api/v1/exceptions/999999/resubmit)"
check "security: resubmit as viewer 403" "403" "$(code $V -X POST $H/api/v1/exceptions/999999/resubmit)"
check "security: anonymous API 401" "401" "$(code $H/api/v1/exceptions)"
check "operations: exceptions filter by status/owner/category/partner/age" "200" "$(code $V "$H/api/v1/exceptions?status=open&owner=master-data-team&category=UNKNOWN_ITEM&partner=acme-3pl&age=under-1h")"
check "security: exceptions?status=bad 400" "400" "$(code $V "$H/api/v1/exceptions?status=bad")"
check "operations: GET /api/v1/files?partner= viewer 200" "200" "$(code $V "$H/api/v1/files?partner=acme-3pl")"
check "operations: reconciliation JSON" "200" "$(code $V "$H/api/v1/reconciliation?entity=US01&date=2026-11-26")"
check "operations: reconciliation CSV by Accept" "text/csv*" "$(curl -s -o /dev/null -w '%{content_type}' $V -H 'Accept: text/csv' "$H/api/v1/reconciliation?entity=US01&date=2026-11-26")"
check "operations: reconciliation CSV by format=csv" "text/csv*" "$(curl -s -o /dev/null -w '%{content_type}' $V "$H/api/v1/reconciliation?entity=US01&date=2026-11-26&format=csv")"
check "operations: replay dry run (operator) 200" "200" "$(code $O -H 'Content-Type: application/json' -X POST $H/api/v1/replay -d '{"sourceDocument": "SHP-9001", "dryRun": true}')"
check "operations: replay viewer 403" "403" "$(code $V -H 'Content-Type: application/json' -X POST $H/api/v1/replay -d '{"sourceDocument": "SHP-9001", "dryRun": true}')"
check "operations: replay empty selection 400" "400" "$(code $O -H 'Content-Type: application/json' -X POST $H/api/v1/replay -d '{}')"
check "operations: kpis viewer 200" "200" "$(code $V "$H/api/v1/kpis?entity=US01")"
P=$(body $V $H/actuator/prometheus)
for m in dock2ledger_exceptions_open dock2ledger_automation_rate dock2ledger_invoice_latency_seconds_bucket dock2ledger_documents_posted_total dock2ledger_erp_backlog; do
  check "operations: metric $m exposed" "*$m*" "$(echo "$P" | grep -o "^$m[^ ]*" | head -1)"
done
check "operations: preview from body (operator) 200" "200" "$(code $O -H 'Content-Type: application/yaml' --data-binary @config/posting-rules.yaml -X POST "$H/api/v1/posting-rules/preview?entity=US01&from=2026-11-25&to=2026-11-27")"
check "operations: preview by path 200" "200" "$(code $O -X POST "$H/api/v1/posting-rules/preview?entity=US01&from=2026-11-25&to=2026-11-27&path=posting-rules.yaml")"
check "operations: preview path leaving config/ 400" "400" "$(code $O -X POST "$H/api/v1/posting-rules/preview?entity=US01&from=2026-11-25&to=2026-11-27&path=../pom.xml")"
check "operations: preview viewer 403" "403" "$(code $V -X POST "$H/api/v1/posting-rules/preview?entity=US01&from=2026-11-25&to=2026-11-27&path=posting-rules.yaml")"
check "security: approve as operator 403" "403" "$(code $O -H 'Content-Type: application/json' -X POST $H/api/v1/documents/INV-X/approve -d '{}')"
check "security: approve unknown as admin 404" "404" "$(code $A -H 'Content-Type: application/json' -X POST $H/api/v1/documents/INV-X/approve -d '{}')"
check "security: health anonymous 200" "200" "$(code $H/actuator/health)"
check "security: health component anonymous 404" "404" "$(code $H/actuator/health/db)"
check "security: prometheus anonymous 401" "401" "$(code $H/actuator/prometheus)"
check "security: hawtio anonymous 302 login" "302" "$(code $H/actuator/hawtio/)"
check "security: hawtio proxy disabled" "false" "$(body $V $H/actuator/hawtio/proxy/enabled)"
check "security: Basic requests create no session" "" "$(curl -s -D - -o /dev/null $V $H/api/v1/exceptions | grep -i '^set-cookie: JSESSIONID')"
check "security: camelroutes stop as viewer 403" "403" "$(code $V -X POST $H/actuator/camelroutes/kpi-refresh/stop)"
check "security: camelroutes stop as admin 405" "405" "$(code $A -X POST $H/actuator/camelroutes/kpi-refresh/stop)"
check "security: wrong password 401 on a console page" "401" "$(code -u viewer:wrong $H/ops/exceptions)"
check "security: /api/v1/inbound unsigned, secret unset: 503" "503" "$(code -H 'Content-Type: application/json' -X POST $H/api/v1/inbound/wh-east -d '{}')"
check "security: /api/v1/inbound unknown partner 404" "404" "$(code -H 'Content-Type: application/json' -X POST $H/api/v1/inbound/nobody -d '{}')"
check "partners: webhook without secret 503 (no built-in dev secret)" "503" "$(code -H 'Content-Type: application/json' -H 'X-Dock2Ledger-Signature: sha256=00' -X POST $H/api/v1/inbound/wh-east -d '{}')"
check "partners: webhook wrong media type 415" "415" "$(code -H 'Content-Type: text/plain' -X POST $H/api/v1/inbound/wh-east -d '{}')"
check "security: POST /logout without CSRF 403" "403" "$(code -X POST $H/logout)"
check "security: /login 200" "200" "$(code $H/login)"
check "security: swagger-ui anonymous 302" "302" "$(code $H/swagger-ui.html)"
check "security: api-docs viewer 200" "200" "$(code $V $H/v3/api-docs)"
check "security: DELETE /api/v1/exceptions operator 405" "405" "$(code $O -X DELETE $H/api/v1/exceptions)"
check "security: reconciliation run as viewer 403" "403" "$(code $V -X POST "$H/api/v1/reconciliation/runs?entity=US01&date=2026-11-26")"
echo "passed $pass, failed $fail"
