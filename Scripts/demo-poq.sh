#!/usr/bin/env bash
# Interim demo (until `blackhail quote` lands): starts the seller emulator on a free loopback port, validates
# an address with the Northwind demo seller, and sends it a POQ for that address, printing both answers.
set -euo pipefail
cd "$(dirname "$0")/.."
bin=$(swift build --show-bin-path)/blackhail
log=$(mktemp)
"$bin" emulate --port 0 >"$log" 2>&1 &
emulator=$!
trap 'kill $emulator 2>/dev/null; rm -f "$log"' EXIT
for _ in $(seq 50); do grep -q "listening on" "$log" && break; sleep 0.1; done
cat "$log"
base=$(awk '$1 == "northwind" { print $2 }' "$log")
echo
echo "== POST $base/mefApi/sonata/geographicAddressManagement/v7/geographicAddressValidation"
address=$(curl -sS -X POST "$base/mefApi/sonata/geographicAddressManagement/v7/geographicAddressValidation" \
    -H 'Content-Type: application/json' \
    -d '{"provideAlternative": true, "submittedGeographicAddress": {"@type": "FieldedAddress", "streetNr": "350",
         "streetName": "Fifth", "streetType": "Avenue", "city": "New York", "stateOrProvince": "NY",
         "postcode": "10118", "country": "US"}}')
echo "$address" | python3 -m json.tool
id=$(echo "$address" | python3 -c 'import json, sys; print(json.load(sys.stdin)["bestMatchGeographicAddress"]["id"])')
echo
echo "== POST $base/mefApi/sonata/productOfferingQualification/v7/productOfferingQualification"
curl -sS -X POST "$base/mefApi/sonata/productOfferingQualification/v7/productOfferingQualification" \
    -H 'Content-Type: application/json' \
    -d '{"instantSyncQualification": true, "provideAlternative": false,
         "relatedContactInformation": [{"role": "buyerContactInformation", "name": "Demo Buyer",
           "emailAddress": "buyer@example.com", "number": "+1 212 555 0100"}],
         "productOfferingQualificationItem": [{"id": "item-1", "action": "add", "product": {
           "productOffering": {"id": "NWF-BIA-0001"},
           "place": [{"@type": "GeographicAddressRef", "id": "'"$id"'", "role": "INSTALL_LOCATION"}],
           "productConfiguration": {"@type": "urn:mef:lso:spec:cantata-sonata:basic-internet-access:v1.0.0:all",
             "ipUni": {"ingressBandwidthProfileEnvelope": [{"cir": {"irValue": 0, "irUnits": "MBPS"},
               "maxIr": {"irValue": 500, "irUnits": "MBPS"}}]}}}}]}' | python3 -m json.tool
