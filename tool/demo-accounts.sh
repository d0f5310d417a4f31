#!/bin/sh
# demo-accounts.sh BANGFU DB: one demo account per role, for `make demo`
# on loopback only; prints them.  Never use these passwords elsewhere.
set -e
B=$1
DB=$2
add() { echo "$3" | "$B" --db "$DB" user add "$1" $2 >/dev/null; printf '  %-9s %-16s %s\n' "$1" "$3" "$4"; }
echo "demo accounts (name, password, role):"
add admin "--role admin" demo-admin-2020 "administrator, every region"
add anding "--role clerk --region 621102" demo-clerk-2020 "county clerk of 安定区 (Anding)"
add fuzhou "--role east_office --region 350100" demo-east-2020 "Fuzhou cooperation office"
add auditor "--role auditor" demo-audit-2020 "auditor, every region, sees the audit trail"
add viewer "--role viewer --region 621100" demo-view-2020 "viewer of 定西市 (Dingxi)"
