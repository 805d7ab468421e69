#!/usr/bin/env bash
# Plays one daily challenge against a running service, the way the app does, and spins the wheel with the chances it
# earned: the README's walk-through as a script.
#
#   src/main/dev/play.sh [phone]          (default 13812345678)
#
# BASE (http://localhost:8080) is the service. The one-time code is asked for: in dev the service writes it to its log
# ("SMS login code for 138****5678: 123456"); CODE=123456 gives it without asking. Each question has a clock (the
# campaign's secondsPerQuestion, 30 s by default) that starts when it is shown: the script answers at once, picking
# the first option (ANSWER=random picks one at random).
set -euo pipefail
BASE=${BASE:-http://localhost:8080}; B=$BASE/api/v1
PHONE=${1:-13812345678}
json() { python3 -c 'import json, sys; d = json.load(sys.stdin)
for k in sys.argv[1].split("."):
    d = d[int(k)] if isinstance(d, list) else d.get(k) if d is not None else None
print("" if d is None else json.dumps(d, ensure_ascii=False) if isinstance(d, (dict, list)) else d)' "$1"; }
call() { # method path [body]: prints the body, stops on an error status with the problem's detail
  local out status args=(-sS -w '\n%{http_code}' -X "$1" "$B$2")
  [ -n "$T" ] && args+=(-H "authorization: Bearer $T")
  [ -n "${3:-}" ] && args+=(-H 'content-type: application/json' -d "$3")
  out=$(curl "${args[@]}")
  status=${out##*$'\n'}; out=${out%$'\n'*}
  if [ "$status" -ge 400 ]; then echo "$1 $2: $status $(echo "$out" | json detail)" >&2; exit 1; fi
  echo "$out"
}

T=
call POST /auth/sms-codes "{\"phone\":\"$PHONE\"}" >/dev/null
[ -n "${CODE:-}" ] || read -rp "Code sent to $PHONE (in dev: the service log's 'SMS login code' line): " CODE
LOGIN=$(call POST /auth/tokens "{\"phone\":\"$PHONE\",\"code\":\"$CODE\"}")
T=$(echo "$LOGIN" | json accessToken)
call PUT /me '{"displayName":"张三","regionCode":"110101001","unitId":null,"identityType":"PUBLIC"}' >/dev/null
CAMPAIGN=$(call GET /campaigns/current | json id)
echo "Signed in as participant $(echo "$LOGIN" | json participant.id); campaign $CAMPAIGN"

A=$(call POST "/campaigns/$CAMPAIGN/attempts" | json id)
Q=$(call GET "/attempts/$A/questions/current")
while [ -n "$Q" ]; do
  INDEX=$(echo "$Q" | json index)
  if [ "${ANSWER:-first}" = random ]; then
    OPTION=$(echo "$Q" | python3 -c 'import json, random, sys; print(random.choice(json.load(sys.stdin)["options"])["id"])')
  else
    OPTION=$(echo "$Q" | json options.0.id)
  fi
  echo "Q$INDEX/$(echo "$Q" | json total) $(echo "$Q" | json stem)"
  R=$(call POST "/attempts/$A/answers" "{\"index\":$INDEX,\"optionIds\":[\"$OPTION\"],\"next\":true}")
  echo "   $( [ "$(echo "$R" | json correct)" = True ] && echo 答对了 || echo 答错了 ): $(echo "$R" | json explanation)"
  Q=$(echo "$R" | json next)
done
SUMMARY=$(call GET "/attempts/$A")
echo "Finished: $(echo "$SUMMARY" | json correctCount) correct, $(echo "$SUMMARY" | json points) points, $(echo "$SUMMARY" | json lotteryChances) lottery chances"

LEFT=$(call GET "/me/lottery?campaign=$CAMPAIGN" | json chancesLeft)
while [ "${LEFT:-0}" -gt 0 ]; do
  D=$(call POST "/campaigns/$CAMPAIGN/draws" "{\"requestId\":\"$(python3 -c 'import uuid; print(uuid.uuid4())')\"}")
  echo "Wheel: $(echo "$D" | json prize.name)"
  LEFT=$(echo "$D" | json chancesLeft)
done
