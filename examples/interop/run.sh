#!/usr/bin/env bash
# Interop test of the example mail programs against real peers, on loopback only.
#
#   1. Real clients against mailbox-server: Python's smtplib and curl's smtp:// send three
#      messages each (lines starting with "." and "..", 8-bit content, 5 MiB), and so do our
#      smtp-send (DATA) and smtp-send --bdat; then Python's poplib and imaplib, curl's pop3://
#      and imap://, and our pop3-fetch and imap-fetch read everything back and compare it
#      byte for byte; IMAP IDLE must report a message delivered by SMTP.
#      imaplib and curl APPEND (synchronizing and LITERAL+ literals) and imaplib runs a round of
#      folder and message commands (CREATE, LIST, STATUS, SEARCH, STORE, COPY, MOVE, EXPUNGE,
#      RENAME, DELETE).
#   2. Our clients against Dovecot (Debian's dovecot-imapd and dovecot-pop3d, started here with
#      a private configuration): pop3-fetch and imap-fetch fetch what was put in the maildir.
#   3. more-peers.sh: swaks and msmtp send, fetchmail (POP3 and IMAP) fetches, isync's mbsync
#      syncs INBOX with a maildir both ways, Mutt sends and reads in batch mode, smtp-send
#      delivers to a private Postfix, and that Postfix relays to a second mailbox-server.
#
# Installs missing packages with apt-get (as root), builds with cargo, cleans up on exit and
# exits non-zero on any mismatch. Ports can be changed with the variables below.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
HERE="$ROOT/examples/interop"
SMTP_PORT="${SMTP_PORT:-12525}"
POP3_PORT="${POP3_PORT:-11110}"
IMAP_PORT="${IMAP_PORT:-11143}"
DOVECOT_IMAP_PORT="${DOVECOT_IMAP_PORT:-10143}"
DOVECOT_POP3_PORT="${DOVECOT_POP3_PORT:-10110}"
HOST=127.0.0.1

# shellcheck source=common.sh
source "$HERE/common.sh"

# --- packages ---------------------------------------------------------------------------
need=()
command -v python3 >/dev/null || need+=(python3)
command -v curl >/dev/null || need+=(curl)
[ -x /usr/sbin/dovecot ] || need+=(dovecot-imapd dovecot-pop3d)
[ -e /usr/lib/dovecot/imap ] || need+=(dovecot-imapd)
[ -e /usr/lib/dovecot/pop3 ] || need+=(dovecot-pop3d)
install_packages "${need[@]}"

# --- build --------------------------------------------------------------------------------
log "building the examples"
cargo build --release -p examples --bins --manifest-path "$ROOT/Cargo.toml"
BIN="${CARGO_TARGET_DIR:-$ROOT/target}/release"

# --- scratch space and cleanup --------------------------------------------------------------
make_work mail-interop

python3 "$HERE/peers.py" gen "$WORK/msgs"
MSGS=("$WORK/msgs/1-dots.eml" "$WORK/msgs/2-8bit.eml" "$WORK/msgs/3-big.eml")

# --- 1. real clients against mailbox-server ------------------------------------------------
log "mailbox-server on $HOST:$SMTP_PORT (SMTP), $POP3_PORT (POP3), $IMAP_PORT (IMAP)"
"$BIN/mailbox-server" --smtp "$HOST:$SMTP_PORT" --pop3 "$HOST:$POP3_PORT" \
    --imap "$HOST:$IMAP_PORT" >"$WORK/server.log" 2>&1 &
SERVER_PID=$!
PIDS+=("$SERVER_PID")
wait_port "$SMTP_PORT" "$SERVER_PID" || { cat "$WORK/server.log"; exit 1; }
wait_port "$POP3_PORT" "$SERVER_PID"
wait_port "$IMAP_PORT" "$SERVER_PID"

# What the INBOX must hold, in order: four senders times three messages.
mkdir -p "$WORK/expected"
n=0
for sender in smtplib curl smtp-send smtp-send-bdat; do
    for m in "${MSGS[@]}"; do
        n=$((n + 1))
        cp "$m" "$WORK/expected/$n.eml"
    done
done

curl_send() {
    local m
    for m in "${MSGS[@]}"; do
        curl -sS --max-time 60 --url "smtp://$HOST:$SMTP_PORT" --mail-from bob@example.org \
            --mail-rcpt alice@localhost --upload-file "$m" || return 1
    done
    # An unknown recipient must be refused (curl exits non-zero).
    if curl -sS --max-time 30 --url "smtp://$HOST:$SMTP_PORT" --mail-from bob@example.org \
        --mail-rcpt nobody@localhost --upload-file "${MSGS[0]}" 2>"$WORK/curl-refused.log"; then
        echo "curl: unknown recipient accepted"
        return 1
    fi
    grep -q 550 "$WORK/curl-refused.log"
}

smtp_send_all() {
    local m
    for m in "${MSGS[@]}"; do
        "$BIN/smtp-send" --server "$HOST:$SMTP_PORT" --from bob@example.org \
            --to alice@localhost "$@" "$m" || return 1
    done
}

log "sending"
check "smtplib (AUTH PLAIN, 8BITMIME) -> mailbox-server SMTP" \
    env SMTP_USER=alice SMTP_PASS=secret python3 "$HERE/peers.py" smtp "$HOST" "$SMTP_PORT" \
    bob@example.org alice@localhost "${MSGS[@]}"
check "curl smtp:// -> mailbox-server SMTP" curl_send
check "smtp-send (DATA) -> mailbox-server SMTP" smtp_send_all --quiet
check "smtp-send --bdat --auth -> mailbox-server SMTP" smtp_send_all --quiet --bdat --auth alice:secret

log "reading back"
check "poplib <- mailbox-server POP3" python3 "$HERE/peers.py" pop3 "$HOST" "$POP3_PORT" alice secret "$WORK/got-poplib"
check "poplib messages match" python3 "$HERE/peers.py" compare "$WORK/expected" "$WORK/got-poplib"

curl_pop3() {
    local i
    mkdir -p "$WORK/got-curl-pop3"
    curl -sS --max-time 60 "pop3://alice:secret@$HOST:$POP3_PORT/" >"$WORK/curl-pop3-list.txt" || return 1
    [ "$(grep -c . "$WORK/curl-pop3-list.txt")" -eq "$n" ] || { echo "LIST: $(cat "$WORK/curl-pop3-list.txt")"; return 1; }
    for i in $(seq 1 "$n"); do
        curl -sS --max-time 60 "pop3://alice:secret@$HOST:$POP3_PORT/$i" -o "$WORK/got-curl-pop3/$i.eml" || return 1
    done
    python3 "$HERE/peers.py" compare "$WORK/expected" "$WORK/got-curl-pop3"
}
check "curl pop3:// <- mailbox-server POP3 (LIST, RETR)" curl_pop3

check "pop3-fetch (USER/PASS) <- mailbox-server POP3" \
    "$BIN/pop3-fetch" --server "$HOST:$POP3_PORT" --quiet --out "$WORK/got-pop3-fetch"
check "pop3-fetch messages match" python3 "$HERE/peers.py" compare "$WORK/expected" "$WORK/got-pop3-fetch"
check "pop3-fetch (APOP) <- mailbox-server POP3" \
    "$BIN/pop3-fetch" --server "$HOST:$POP3_PORT" --quiet --login apop --out "$WORK/got-pop3-apop"
check "pop3-fetch (APOP) messages match" python3 "$HERE/peers.py" compare "$WORK/expected" "$WORK/got-pop3-apop"
check "pop3-fetch (AUTH PLAIN) <- mailbox-server POP3" \
    "$BIN/pop3-fetch" --server "$HOST:$POP3_PORT" --quiet --login plain --out "$WORK/got-pop3-plain"
check "pop3-fetch (AUTH PLAIN) messages match" python3 "$HERE/peers.py" compare "$WORK/expected" "$WORK/got-pop3-plain"

check "imaplib <- mailbox-server IMAP (FETCH UID FLAGS RFC822.SIZE ENVELOPE BODYSTRUCTURE BODY.PEEK[])" \
    python3 "$HERE/peers.py" imap "$HOST" "$IMAP_PORT" alice secret "$WORK/got-imaplib"
check "imaplib messages match" python3 "$HERE/peers.py" compare "$WORK/expected" "$WORK/got-imaplib"

curl_imap() {
    local i
    mkdir -p "$WORK/got-curl-imap"
    curl -sS --max-time 60 "imap://alice:secret@$HOST:$IMAP_PORT/" >"$WORK/curl-imap-list.txt" || return 1
    grep -q INBOX "$WORK/curl-imap-list.txt" || { echo "LIST: $(cat "$WORK/curl-imap-list.txt")"; return 1; }
    for i in $(seq 1 "$n"); do
        curl -sS --max-time 60 "imap://alice:secret@$HOST:$IMAP_PORT/INBOX;UID=$i" \
            -o "$WORK/got-curl-imap/$i.eml" || return 1
    done
    python3 "$HERE/peers.py" compare "$WORK/expected" "$WORK/got-curl-imap"
}
check "curl imap:// <- mailbox-server IMAP (LIST, UID FETCH)" curl_imap

check "imap-fetch (LOGIN) <- mailbox-server IMAP" \
    "$BIN/imap-fetch" --server "$HOST:$IMAP_PORT" --quiet --out "$WORK/got-imap-fetch"
check "imap-fetch messages match" python3 "$HERE/peers.py" compare "$WORK/expected" "$WORK/got-imap-fetch"
check "imap-fetch (AUTHENTICATE PLAIN) <- mailbox-server IMAP" \
    "$BIN/imap-fetch" --server "$HOST:$IMAP_PORT" --quiet --authenticate --out "$WORK/got-imap-auth"
check "imap-fetch (AUTHENTICATE PLAIN) messages match" \
    python3 "$HERE/peers.py" compare "$WORK/expected" "$WORK/got-imap-auth"

# APPEND: imaplib with synchronizing literals, then one LITERAL+ literal, into Sent.
mkdir -p "$WORK/expected-sent"
cp "${MSGS[0]}" "$WORK/expected-sent/1.eml"
cp "${MSGS[1]}" "$WORK/expected-sent/2.eml"
cp "${MSGS[2]}" "$WORK/expected-sent/3.eml"
cp "${MSGS[0]}" "$WORK/expected-sent/4.eml"
check "imaplib APPEND (synchronizing and LITERAL+ literals) -> mailbox-server IMAP" \
    python3 "$HERE/peers.py" append "$HOST" "$IMAP_PORT" alice secret Sent "${MSGS[@]}"
check "appended messages read back by imap-fetch match" sh -c \
    "'$BIN/imap-fetch' --server '$HOST:$IMAP_PORT' --mailbox Sent --quiet --out '$WORK/got-sent' &&
     python3 '$HERE/peers.py' compare '$WORK/expected-sent' '$WORK/got-sent'"

curl_append() {
    local m i=0
    mkdir -p "$WORK/expected-drafts"
    for m in "${MSGS[@]}"; do
        i=$((i + 1))
        curl -sS --max-time 60 -T "$m" "imap://alice:secret@$HOST:$IMAP_PORT/Drafts" || return 1
        cp "$m" "$WORK/expected-drafts/$i.eml"
    done
    "$BIN/imap-fetch" --server "$HOST:$IMAP_PORT" --mailbox Drafts --quiet --out "$WORK/got-drafts" &&
        python3 "$HERE/peers.py" compare "$WORK/expected-drafts" "$WORK/got-drafts"
}
check "curl imap:// APPEND -> mailbox-server IMAP, read back by imap-fetch" curl_append

check "imaplib CREATE/APPEND/LIST/STATUS/SEARCH/STORE/FETCH sections/COPY/MOVE/EXPUNGE/RENAME/DELETE" \
    python3 "$HERE/peers.py" imapops "$HOST" "$IMAP_PORT" alice secret
# Last on this server: it delivers one more message to INBOX.
check "imaplib IDLE sees a message delivered by smtplib (EXISTS)" \
    python3 "$HERE/peers.py" idle "$HOST" "$IMAP_PORT" alice secret "$SMTP_PORT"

# --- 2. our clients against Dovecot ---------------------------------------------------------
log "Dovecot on $HOST:$DOVECOT_IMAP_PORT (IMAP), $DOVECOT_POP3_PORT (POP3)"
# The private configuration below uses Dovecot 2.3 settings (Debian 12); 2.4 renamed many.
DOVECOT_VERSION="$(/usr/sbin/dovecot --version 2>/dev/null || echo unknown)"
case "$DOVECOT_VERSION" in
    2.3.*) ;;
    *)
        echo "Dovecot $DOVECOT_VERSION found; this script configures Dovecot 2.3 (Debian 12)" >&2
        exit 1
        ;;
esac
D="$WORK/dovecot"
mkdir -p "$D/run" "$D/state" "$D/home/alice/Maildir/new" "$D/home/alice/Maildir/cur" "$D/home/alice/Maildir/tmp"
MAIL_UID="$(id -u dovecot)"
MAIL_GID="$(id -g dovecot)"
echo "alice:{PLAIN}secret:$MAIL_UID:$MAIL_GID::$D/home/alice" >"$D/users"
i=0
for m in "${MSGS[@]}"; do
    i=$((i + 1))
    cp "$m" "$D/home/alice/Maildir/new/100000000$i.M$i.interop"
    mkdir -p "$WORK/expected-dovecot"
    cp "$m" "$WORK/expected-dovecot/$i.eml"
done
chown -R "$MAIL_UID:$MAIL_GID" "$D/home"
chmod -R 755 "$D"
cat >"$D/dovecot.conf" <<CONF
base_dir = $D/run
state_dir = $D/state
log_path = $D/dovecot.log
protocols = imap pop3
listen = $HOST
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
default_login_user = dovenull
default_internal_user = dovecot
first_valid_uid = $MAIL_UID
mail_uid = $MAIL_UID
mail_gid = $MAIL_GID
mail_location = maildir:~/Maildir
passdb {
  driver = passwd-file
  args = $D/users
}
userdb {
  driver = passwd-file
  args = $D/users
  override_fields = uid=$MAIL_UID gid=$MAIL_GID home=$D/home/alice
}
service imap-login {
  inet_listener imap {
    address = $HOST
    port = $DOVECOT_IMAP_PORT
  }
  inet_listener imaps {
    port = 0
  }
}
service pop3-login {
  inet_listener pop3 {
    address = $HOST
    port = $DOVECOT_POP3_PORT
  }
  inet_listener pop3s {
    port = 0
  }
}
CONF
/usr/sbin/dovecot -F -c "$D/dovecot.conf" >"$WORK/dovecot.out" 2>&1 &
DOVECOT_PID=$!
PIDS+=("$DOVECOT_PID")
if ! wait_port "$DOVECOT_POP3_PORT" "$DOVECOT_PID" || ! wait_port "$DOVECOT_IMAP_PORT" "$DOVECOT_PID"; then
    cat "$WORK/dovecot.out" "$D/dovecot.log" 2>/dev/null || true
    exit 1
fi

check "pop3-fetch (USER/PASS) <- Dovecot POP3" \
    "$BIN/pop3-fetch" --server "$HOST:$DOVECOT_POP3_PORT" --quiet --out "$WORK/got-dovecot-pop3"
check "pop3-fetch messages from Dovecot match the maildir" \
    python3 "$HERE/peers.py" compare "$WORK/expected-dovecot" "$WORK/got-dovecot-pop3" --unordered
check "pop3-fetch (AUTH PLAIN) <- Dovecot POP3" \
    "$BIN/pop3-fetch" --server "$HOST:$DOVECOT_POP3_PORT" --quiet --login plain --out "$WORK/got-dovecot-pop3-plain"
check "pop3-fetch (AUTH PLAIN) messages from Dovecot match" \
    python3 "$HERE/peers.py" compare "$WORK/expected-dovecot" "$WORK/got-dovecot-pop3-plain" --unordered

check "imap-fetch (LOGIN) <- Dovecot IMAP" \
    "$BIN/imap-fetch" --server "$HOST:$DOVECOT_IMAP_PORT" --quiet --out "$WORK/got-dovecot-imap"
check "imap-fetch messages from Dovecot match the maildir" \
    python3 "$HERE/peers.py" compare "$WORK/expected-dovecot" "$WORK/got-dovecot-imap" --unordered
check "imap-fetch (AUTHENTICATE PLAIN) <- Dovecot IMAP" \
    "$BIN/imap-fetch" --server "$HOST:$DOVECOT_IMAP_PORT" --quiet --authenticate --out "$WORK/got-dovecot-imap-auth"
check "imap-fetch (AUTHENTICATE PLAIN) messages from Dovecot match" \
    python3 "$HERE/peers.py" compare "$WORK/expected-dovecot" "$WORK/got-dovecot-imap-auth" --unordered

# --- 3. more peers (examples/interop/more-peers.sh) ----------------------------------------------
log "more peers: swaks, msmtp, fetchmail, mbsync, Mutt, Postfix (more-peers.sh)"
if BIN="$BIN" bash "$HERE/more-peers.sh"; then
    PASSED+=("more-peers.sh")
else
    FAILED+=("more-peers.sh (see its output above)")
fi

# --- summary ----------------------------------------------------------------------------------
log "${#PASSED[@]} passed, ${#FAILED[@]} failed"
if [ "${#FAILED[@]}" -gt 0 ]; then
    printf '  failed: %s\n' "${FAILED[@]}"
    [ -f "$D/dovecot.log" ] && tail -n 20 "$D/dovecot.log"
    exit 1
fi
