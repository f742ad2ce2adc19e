#!/usr/bin/env bash
# Second part of the interop test (run.sh calls it; it also runs alone), on loopback only:
#
#   1. swaks (AUTH PLAIN, PIPELINING) and msmtp (AUTH LOGIN) send the three test messages
#      (lines starting with "." and "..", 8-bit content, 5 MiB) to mailbox-server; imap-fetch
#      reads them back byte for byte; swaks sees an unknown recipient refused with 550.
#   2. fetchmail over POP3 (USER/PASS and APOP, UIDL, --all --keep) and over IMAP delivers every message to an MDA
#      that writes files, compared byte for byte; a second POP3 poll without --all fetches
#      nothing (UIDL bookkeeping) and a third fetches exactly one newly delivered message.
#   3. isync's mbsync syncs INBOX with a maildir both ways three times (LIST, SELECT, UID FETCH
#      ranges, APPEND with APPENDUID, UID STORE, EXPUNGE), with a new message, a flag change
#      and a deletion made on each side between runs; both sides must then hold the same
#      messages with the same flags. Then mbsync syncs with a mailbox-server --dir that is
#      restarted between two runs (mail accepted just before the restart, UIDs kept).
#   4. Mutt in batch mode: sends a message over SMTP (AUTH) with a copy APPENDed to the IMAP
#      Sent folder (the two must be equal but for Date), then, driven through script(1)'s terminal, tags
#      every INBOX message and copies it to a local maildir (compared with what imap-fetch
#      reads, less the Content-Length and Lines fields Mutt adds).
#   5. smtp-send (DATA, BDAT, and AUTH PLAIN checked by Dovecot's SASL service) against Postfix
#      (Debian's postfix, a private instance with its own configuration, queue and virtual
#      maildir, on a spare port); the delivered files must equal what was sent, less the header
#      fields Postfix adds on delivery.
#   6. Postfix as the SMTP client: it relays the three messages (sent to it by smtp-send) to a
#      second mailbox-server; imap-fetch reads them back, equal to what was sent but for the
#      Received field Postfix adds; Postfix logs each as sent and nothing as deferred.
#
# Installs missing packages with apt-get (as root; Postfix with debconf's "No configuration"),
# builds with cargo unless BIN names a directory of built programs, cleans up on exit and exits
# non-zero on any mismatch.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
HERE="$ROOT/examples/interop"
SMTP_PORT="${MORE_SMTP_PORT:-13525}"
POP3_PORT="${MORE_POP3_PORT:-13110}"
IMAP_PORT="${MORE_IMAP_PORT:-13143}"
POSTFIX_PORT="${POSTFIX_PORT:-13025}"
RELAY_SMTP_PORT="${RELAY_SMTP_PORT:-13625}"
RELAY_POP3_PORT="${RELAY_POP3_PORT:-13210}"
RELAY_IMAP_PORT="${RELAY_IMAP_PORT:-13243}"
DOVECOT_AUTH_PORT="${DOVECOT_AUTH_PORT:-13012}"
HOST=127.0.0.1

# shellcheck source=common.sh
source "$HERE/common.sh"

# --- packages ---------------------------------------------------------------------------
need=()
command -v python3 >/dev/null || need+=(python3)
command -v mbsync >/dev/null || need+=(isync)
command -v swaks >/dev/null || need+=(swaks)
command -v fetchmail >/dev/null || need+=(fetchmail)
command -v msmtp >/dev/null || need+=(msmtp)
command -v mutt >/dev/null || need+=(mutt)
command -v script >/dev/null || need+=(bsdutils)
[ -x /usr/sbin/postfix ] || need+=(postfix)
[ -x /usr/sbin/dovecot ] || need+=(dovecot-core)
# Postfix must not ask questions nor set up (and start) a system-wide mail system.
DEBCONF="postfix postfix/main_mailer_type select No configuration"
install_packages "${need[@]}"

# --- build --------------------------------------------------------------------------------
if [ -z "${BIN:-}" ]; then
    log "building the examples"
    cargo build --release -p examples --bins --manifest-path "$ROOT/Cargo.toml"
    BIN="${CARGO_TARGET_DIR:-$ROOT/target}/release"
fi

# --- scratch space and cleanup --------------------------------------------------------------
make_work mail-interop-more
POSTFIX_CONF=""
cleanup_extra() {
    if [ -n "$POSTFIX_CONF" ]; then
        postfix -c "$POSTFIX_CONF" stop >/dev/null 2>&1 || true
    fi
}

compare() { python3 "$HERE/more_peers.py" compare "$@"; }

python3 "$HERE/peers.py" gen "$WORK/msgs"
MSGS=("$WORK/msgs/1-dots.eml" "$WORK/msgs/2-8bit.eml" "$WORK/msgs/3-big.eml")
# swaks ends the data with CR LF . CR LF itself: give it each message without its last CR LF
# so that what is stored equals the file.
mkdir -p "$WORK/msgs-swaks"
for m in "${MSGS[@]}"; do
    head -c -2 "$m" >"$WORK/msgs-swaks/$(basename "$m")"
done

log "mailbox-server on $HOST:$SMTP_PORT (SMTP), $POP3_PORT (POP3), $IMAP_PORT (IMAP)"
"$BIN/mailbox-server" --smtp "$HOST:$SMTP_PORT" --pop3 "$HOST:$POP3_PORT" \
    --imap "$HOST:$IMAP_PORT" >"$WORK/server.log" 2>&1 &
SERVER_PID=$!
PIDS+=("$SERVER_PID")
wait_port "$SMTP_PORT" "$SERVER_PID" || { cat "$WORK/server.log"; exit 1; }
wait_port "$POP3_PORT" "$SERVER_PID"
wait_port "$IMAP_PORT" "$SERVER_PID"

# --- 1. swaks and msmtp -> mailbox-server ---------------------------------------------------
mkdir -p "$WORK/expected"
n=0
for sender in swaks msmtp; do
    for m in "${MSGS[@]}"; do
        n=$((n + 1))
        cp "$m" "$WORK/expected/$n.eml"
    done
done

swaks_send() {
    local m
    for m in "$WORK"/msgs-swaks/*.eml; do
        swaks --server "$HOST:$SMTP_PORT" --from bob@example.org --to alice@localhost \
            --auth PLAIN --auth-user alice --auth-password secret --pipeline \
            --suppress-data --data "@$m" >"$WORK/swaks.log" 2>&1 || { cat "$WORK/swaks.log"; return 1; }
        grep -q '^<-  250 2.0.0' "$WORK/swaks.log" || { cat "$WORK/swaks.log"; return 1; }
    done
}
check "swaks (AUTH PLAIN, PIPELINING) -> mailbox-server SMTP" swaks_send

swaks_refused() {
    # swaks exits 24 when the server refuses every recipient.
    local rc=0
    swaks --server "$HOST:$SMTP_PORT" --from bob@example.org --to nobody@localhost \
        --suppress-data --data "@$WORK/msgs-swaks/1-dots.eml" >"$WORK/swaks-refused.log" 2>&1 || rc=$?
    cat "$WORK/swaks-refused.log"
    [ "$rc" -eq 24 ] && grep -q '^<\*\* *550 5.1.1' "$WORK/swaks-refused.log"
}
check "swaks: unknown recipient refused with 550 5.1.1" swaks_refused

cat >"$WORK/msmtprc" <<CONF
defaults
tls off
set_date_header off
set_msgid_header off
set_from_header off
account interop
host $HOST
port $SMTP_PORT
from bob@example.org
auth login
user alice
password secret
account default : interop
CONF
chmod 600 "$WORK/msmtprc"
msmtp_send() {
    local m
    for m in "${MSGS[@]}"; do
        msmtp -C "$WORK/msmtprc" alice@localhost <"$m" || return 1
    done
}
check "msmtp (AUTH LOGIN) -> mailbox-server SMTP" msmtp_send

check "swaks and msmtp messages read back by imap-fetch match" sh -c \
    "'$BIN/imap-fetch' --server '$HOST:$IMAP_PORT' --quiet --out '$WORK/got-senders' &&
     python3 '$HERE/more_peers.py' compare '$WORK/expected' '$WORK/got-senders'"

# --- 2. fetchmail <- mailbox-server ---------------------------------------------------------
# fetchmail 6.4 tries STLS even when CAPA does not offer it unless sslproto is empty; the
# server's -ERR is right, and fetchmail then gives up, so TLS is switched off here.
fetchmail_rc() { # protocol port outdir extra-options
    cat <<CONF
set no bouncemail
poll $HOST protocol $1 port $2 auth password $5
  user "alice" there with password "secret" is "root" here
  sslproto "" options keep $4 no rewrite no stripcr
  mda "/bin/sh -c 'cat > \$(mktemp $3/XXXXXXXX)'"
CONF
}
FM="$WORK/fetchmail"
mkdir -p "$FM/pop3" "$FM/imap" "$FM/pop3-new" "$FM/home"
chmod 700 "$FM/home"
fetchmail_rc POP3 "$POP3_PORT" "$FM/pop3" fetchall uidl >"$FM/pop3.rc"
fetchmail_rc POP3 "$POP3_PORT" "$FM/pop3-new" "" uidl >"$FM/pop3-new.rc"
fetchmail_rc IMAP "$IMAP_PORT" "$FM/imap" fetchall "" >"$FM/imap.rc"
chmod 600 "$FM"/*.rc
fetchmail_run() { # rc file; exit status 1 is "no new mail"
    FETCHMAILHOME="$FM/home" timeout 120 fetchmail -f "$1" --nosyslog --invisible --nodetach -v
}

check "fetchmail (POP3, UIDL, --all --keep) <- mailbox-server" fetchmail_run "$FM/pop3.rc"
check "fetchmail POP3 messages match" compare "$WORK/expected" "$FM/pop3" --unordered
fetchmail_nothing_new() {
    local rc=0
    fetchmail_run "$FM/pop3-new.rc" || rc=$?
    [ "$rc" -eq 1 ] && [ -z "$(ls -A "$FM/pop3-new")" ]
}
check "fetchmail (POP3) again without --all: UIDL says nothing is new" fetchmail_nothing_new
fetchmail_one_new() {
    "$BIN/smtp-send" --server "$HOST:$SMTP_PORT" --from bob@example.org --to alice@localhost \
        --quiet "${MSGS[1]}" || return 1
    mkdir -p "$WORK/expected-new"
    cp "${MSGS[1]}" "$WORK/expected-new/1.eml"
    cp "${MSGS[1]}" "$WORK/expected/$((n + 1)).eml"
    fetchmail_run "$FM/pop3-new.rc" && compare "$WORK/expected-new" "$FM/pop3-new"
}
check "fetchmail (POP3) fetches exactly the one new message (UIDL)" fetchmail_one_new
n=$((n + 1))

mkdir -p "$FM/apop"
sed -e 's/protocol POP3/protocol APOP/' -e "s|$FM/pop3|$FM/apop|" "$FM/pop3.rc" >"$FM/apop.rc"
chmod 600 "$FM/apop.rc"
check "fetchmail (APOP, --all --keep) <- mailbox-server" fetchmail_run "$FM/apop.rc"
check "fetchmail APOP messages match" compare "$WORK/expected" "$FM/apop" --unordered
check "fetchmail (IMAP, --all --keep) <- mailbox-server" fetchmail_run "$FM/imap.rc"
check "fetchmail IMAP messages match" compare "$WORK/expected" "$FM/imap" --unordered

# --- 3. isync (mbsync) <-> mailbox-server ---------------------------------------------------
mkdir -p "$WORK/mbsync"
check "mbsync INBOX <-> maildir, changes on both sides (APPENDUID, UID STORE, EXPUNGE)" \
    python3 "$HERE/more_peers.py" mbsync "$HOST" "$IMAP_PORT" "$SMTP_PORT" alice secret "$WORK/mbsync"

# mailbox-server keeps UIDVALIDITY and UIDs across a restart with --dir: mbsync goes on
# syncing instead of stopping on a changed UIDVALIDITY (RFC 9051 §2.3.1.1).
mbsync_restart() {
    local S="$WORK/mbsync-restart" pid i
    local sp=$((SMTP_PORT + 1)) pp=$((POP3_PORT + 1)) ip=$((IMAP_PORT + 1))
    mkdir -p "$S/store" "$S/maildir"
    start_persistent() {
        "$BIN/mailbox-server" --smtp "$HOST:$sp" --pop3 "$HOST:$pp" --imap "$HOST:$ip" \
            --dir "$S/store" >>"$S/server.log" 2>&1 &
        pid=$!
        PIDS+=("$pid")
        wait_port "$ip" "$pid" && wait_port "$sp" "$pid"
    }
    start_persistent || return 1
    for i in 0 1; do
        "$BIN/smtp-send" --server "$HOST:$sp" --from bob@example.org --to alice@localhost \
            --quiet "${MSGS[$i]}" || return 1
    done
    cat >"$S/mbsyncrc" <<CONF
IMAPAccount restart
Host $HOST
Port $ip
User alice
Pass secret
SSLType None

IMAPStore far
Account restart

MaildirStore near
Path $S/maildir/
Inbox $S/maildir/INBOX

Channel restart
Far :far:
Near :near:
Patterns INBOX
Create Both
Expunge Both
SyncState *
Sync All
CONF
    chmod 600 "$S/mbsyncrc"
    timeout 120 mbsync -c "$S/mbsyncrc" -a || return 1
    kill "$pid" && wait "$pid" 2>/dev/null
    start_persistent || return 1
    printf 'From: carol@example.org\nSubject: after the restart\n\nnear side\n' \
        >"$S/maildir/INBOX/new/1800000001.restart.interop"
    timeout 120 mbsync -c "$S/mbsyncrc" -a || return 1
    python3 "$HERE/more_peers.py" mbsync-same "$HOST" "$ip" alice secret "$S/maildir/INBOX" 3
}
check "mbsync goes on after mailbox-server --dir restarts (same UIDVALIDITY and UIDs)" mbsync_restart

# --- 4. Mutt <-> mailbox-server --------------------------------------------------------------
MU="$WORK/mutt"
mkdir -p "$MU/home" "$MU/maildir/cur" "$MU/maildir/new" "$MU/maildir/tmp"
cat >"$MU/muttrc" <<CONF
set smtp_url = "smtp://alice@$HOST:$SMTP_PORT/"
set smtp_pass = "secret"
set imap_user = "alice"
set imap_pass = "secret"
set ssl_starttls = no
set ssl_force_tls = no
set from = "alice@localhost"
set realname = "Alice"
set use_from = yes
set record = "imap://$HOST:$IMAP_PORT/Sent"
set copy = yes
set send_charset = "utf-8"
set mbox_type = Maildir
set folder = "$MU/home"
set confirmappend = no
set confirmcreate = no
set quit = yes
set move = no
set wait_key = no
CONF
chmod 600 "$MU/muttrc"
MUTT_SUBJECT="mutt batch $$"
mutt_send() {
    local sent
    printf 'Hello from Mutt\n.a line starting with a dot\nGr\303\274\303\237e\n' >"$MU/body"
    HOME="$MU/home" timeout 60 mutt -n -F "$MU/muttrc" -s "$MUTT_SUBJECT" alice@localhost <"$MU/body" ||
        return 1
    "$BIN/imap-fetch" --server "$HOST:$IMAP_PORT" --mailbox Sent --quiet --out "$MU/sent" || return 1
    "$BIN/imap-fetch" --server "$HOST:$IMAP_PORT" --quiet --out "$MU/inbox" || return 1
    sent="$(grep -l "^Subject: $MUTT_SUBJECT" "$MU/inbox"/*.eml)"
    [ "$(ls "$MU/sent" | wc -l)" -eq 1 ] && [ "$(echo "$sent" | wc -l)" -eq 1 ] || return 1
    # Mutt may write the Fcc copy a second later, with its own Date: compare the rest.
    grep -q '^\.a line starting with a dot' "$sent" &&
        cmp <(grep -av '^Date: ' "$sent") <(grep -av '^Date: ' "$MU"/sent/*.eml)
}
check "mutt (batch) -> mailbox-server SMTP (AUTH) with its copy APPENDed to Sent over IMAP" mutt_send
mutt_read() {
    # Mutt needs a terminal to show a mailbox: script(1) gives it one.
    HOME="$MU/home" TERM=xterm timeout 120 script -qec "mutt -n -F '$MU/muttrc' \
        -f 'imap://$HOST:$IMAP_PORT/INBOX' \
        -e 'push \"<tag-pattern>~A<enter><tag-prefix><copy-message>$MU/maildir<enter><quit>\"'" \
        /dev/null >"$MU/screen.log" 2>&1 || { tail -c 2000 "$MU/screen.log"; return 1; }
    mkdir -p "$MU/got"
    cp "$MU"/maildir/new/* "$MU"/maildir/cur/* "$MU/got/" 2>/dev/null || true
    compare "$MU/inbox" "$MU/got" --unordered --lf --drop-headers Content-Length,Lines
}
check "mutt <- mailbox-server IMAP: every INBOX message copied to a maildir matches" mutt_read

# --- 5. smtp-send -> Postfix ----------------------------------------------------------------
log "Postfix on $HOST:$POSTFIX_PORT, SASL by Dovecot on $HOST:$DOVECOT_AUTH_PORT"
# Dovecot with no mail protocol, only its authentication service on a TCP port for Postfix.
DA="$WORK/dovecot-auth"
mkdir -p "$DA/run" "$DA/state"
echo "alice:{PLAIN}secret" >"$DA/users"
cat >"$DA/dovecot.conf" <<CONF
base_dir = $DA/run
state_dir = $DA/state
log_path = $DA/dovecot.log
protocols = none
listen = $HOST
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
default_login_user = dovenull
default_internal_user = dovecot
passdb {
  driver = passwd-file
  args = $DA/users
}
userdb {
  driver = static
  args = uid=dovecot gid=dovecot home=/nonexistent
}
service auth {
  inet_listener {
    address = $HOST
    port = $DOVECOT_AUTH_PORT
  }
}
CONF
chmod -R 755 "$DA"
/usr/sbin/dovecot -F -c "$DA/dovecot.conf" >"$DA/out" 2>&1 &
DOVECOT_AUTH_PID=$!
PIDS+=("$DOVECOT_AUTH_PID")
wait_port "$DOVECOT_AUTH_PORT" "$DOVECOT_AUTH_PID" || cat "$DA/out" "$DA/dovecot.log" 2>/dev/null || true
P="$WORK/postfix"
POSTFIX_UID="$(id -u postfix)"
POSTFIX_GID="$(id -g postfix)"
mkdir -p "$P/etc" "$P/queue" "$P/data" "$P/vmail"
cat >"$P/etc/main.cf" <<CONF
compatibility_level = 3.6
queue_directory = $P/queue
data_directory = $P/data
mail_owner = postfix
setgid_group = postdrop
maillog_file_prefixes = $P
maillog_file = $P/maillog
myhostname = postfix.interop.test
mydomain = interop.test
myorigin = interop.test
mydestination =
inet_interfaces = $HOST
inet_protocols = ipv4
mynetworks = 127.0.0.0/8
smtpd_relay_restrictions = permit_mynetworks, reject
# Deliver as received: no Message-ID or Date added to mail from the local machine.
local_header_rewrite_clients =
alias_maps =
alias_database =
message_size_limit = 20000000
smtputf8_enable = yes
virtual_mailbox_domains = example.test
virtual_mailbox_base = $P/vmail
virtual_mailbox_maps = texthash:$P/etc/vmailbox
virtual_uid_maps = static:$POSTFIX_UID
virtual_gid_maps = static:$POSTFIX_GID
virtual_minimum_uid = 1
smtpd_sasl_auth_enable = yes
smtpd_sasl_type = dovecot
smtpd_sasl_path = inet:$HOST:$DOVECOT_AUTH_PORT
relay_domains = mbox.test
transport_maps = texthash:$P/etc/transport
CONF
echo "carol@example.test carol/" >"$P/etc/vmailbox"
echo "mbox.test smtp:[$HOST]:$RELAY_SMTP_PORT" >"$P/etc/transport"
cat >"$P/etc/master.cf" <<CONF
$HOST:$POSTFIX_PORT inet n - n - - smtpd
pickup    unix n - n 60 1 pickup
cleanup   unix n - n - 0 cleanup
qmgr      unix n - n 300 1 qmgr
rewrite   unix - - n - - trivial-rewrite
bounce    unix - - n - 0 bounce
defer     unix - - n - 0 bounce
trace     unix - - n - 0 bounce
verify    unix - - n - 1 verify
flush     unix n - n 1000? 0 flush
proxymap  unix - - n - - proxymap
error     unix - - n - - error
retry     unix - - n - - error
discard   unix - - n - - discard
virtual   unix - n n - - virtual
smtp      unix - - n - - smtp
anvil     unix - - n - 1 anvil
scache    unix - - n - 1 scache
postlog   unix-dgram n - n - 1 postlogd
CONF
chown -R postfix:postfix "$P/data" "$P/vmail"
chmod 755 "$P"
if ! postfix -c "$P/etc" start >"$WORK/postfix.out" 2>&1; then
    cat "$WORK/postfix.out" "$P/maillog" 2>/dev/null || true
    FAILED+=("Postfix starts")
    echo "FAIL  Postfix starts"
else
    POSTFIX_CONF="$P/etc"
    POSTFIX_PID="$(tr -dc 0-9 <"$P/queue/pid/master.pid")"
    wait_port "$POSTFIX_PORT" "$POSTFIX_PID" || { cat "$P/maillog" 2>/dev/null || true; }

    mkdir -p "$WORK/expected-postfix"
    postfix_send() {
        local m i=0
        for m in "${MSGS[@]}"; do
            i=$((i + 1))
            cp "$m" "$WORK/expected-postfix/$i.eml"
            "$BIN/smtp-send" --server "$HOST:$POSTFIX_PORT" --from bob@example.org \
                --to carol@example.test --quiet "$m" || return 1
        done
        for m in "${MSGS[@]}"; do
            i=$((i + 1))
            cp "$m" "$WORK/expected-postfix/$i.eml"
            "$BIN/smtp-send" --server "$HOST:$POSTFIX_PORT" --from bob@example.org \
                --to carol@example.test --bdat --quiet "$m" || return 1
        done
        i=$((i + 1))
        cp "${MSGS[1]}" "$WORK/expected-postfix/$i.eml"
        "$BIN/smtp-send" --server "$HOST:$POSTFIX_PORT" --from bob@example.org \
            --to carol@example.test --auth alice:secret --quiet "${MSGS[1]}" || return 1
        # A wrong password must be refused.
        ! "$BIN/smtp-send" --server "$HOST:$POSTFIX_PORT" --from bob@example.org \
            --to carol@example.test --auth alice:wrong --quiet "${MSGS[0]}"
    }
    check "smtp-send (DATA, BDAT, AUTH PLAIN; a wrong password refused) -> Postfix" postfix_send
    postfix_delivered() {
        local i
        for i in $(seq 1 300); do
            [ "$(find "$P/vmail/carol/new" -type f 2>/dev/null | wc -l)" -ge 7 ] && break
            sleep 0.1
        done
        # Postfix's virtual delivery stores LF line ends and puts its own header fields on top.
        compare "$WORK/expected-postfix" "$P/vmail/carol/new" --unordered --lf \
            --drop-headers Return-Path,X-Original-To,Delivered-To,Received
    }
    check "messages Postfix delivered match what smtp-send sent" postfix_delivered
    postfix_log_clean() {
        # Postfix counts the commands of each session and warns about protocol faults (such
        # as "improper command pipelining").
        local i
        for i in $(seq 1 50); do
            [ "$(grep -c 'quit=1 commands=' "$P/maillog")" -ge 8 ] && break
            sleep 0.1
        done
        cat "$P/maillog"
        [ "$(grep -c 'ehlo=1 mail=1 rcpt=1 data=1 quit=1 commands=5' "$P/maillog")" -eq 3 ] &&
            [ "$(grep -c 'ehlo=1 mail=1 rcpt=1 bdat=1 quit=1 commands=5' "$P/maillog")" -eq 3 ] &&
            grep -q 'ehlo=1 auth=1 mail=1 rcpt=1 data=1 quit=1 commands=6' "$P/maillog" &&
            grep -q 'sasl_method=PLAIN, sasl_username=alice' "$P/maillog" &&
            [ "$(grep -Eic 'warning|improper|reject' "$P/maillog")" -eq 1 ] &&
            grep -q 'warning: .*SASL PLAIN authentication failed' "$P/maillog"
    }
    check "Postfix logged three DATA, three BDAT and one AUTH session, and only the wrong password" \
        postfix_log_clean

    # --- 6. Postfix (SMTP client) -> mailbox-server -----------------------------------------
    log "Postfix relays to mailbox-server on $HOST:$RELAY_SMTP_PORT (mail for mbox.test)"
    "$BIN/mailbox-server" --hostname mbox.test --smtp "$HOST:$RELAY_SMTP_PORT" \
        --pop3 "$HOST:$RELAY_POP3_PORT" --imap "$HOST:$RELAY_IMAP_PORT" \
        >"$WORK/relay-server.log" 2>&1 &
    RELAY_PID=$!
    PIDS+=("$RELAY_PID")
    wait_port "$RELAY_SMTP_PORT" "$RELAY_PID" || cat "$WORK/relay-server.log"
    wait_port "$RELAY_IMAP_PORT" "$RELAY_PID" || true
    mkdir -p "$WORK/expected-relay"
    postfix_relay() {
        local m i=0 n
        for m in "${MSGS[@]}"; do
            i=$((i + 1))
            cp "$m" "$WORK/expected-relay/$i.eml"
            "$BIN/smtp-send" --server "$HOST:$POSTFIX_PORT" --from bob@example.org \
                --to alice@mbox.test --quiet "$m" || return 1
        done
        for n in $(seq 1 300); do
            [ "$(grep -c "relay=$HOST\[$HOST\]:$RELAY_SMTP_PORT.*status=sent" "$P/maillog")" -ge 3 ] &&
                break
            sleep 0.1
        done
        grep "to=<alice@mbox.test>" "$P/maillog"
        [ "$(grep -c "relay=$HOST\[$HOST\]:$RELAY_SMTP_PORT.*status=sent" "$P/maillog")" -eq 3 ] &&
            ! grep 'postfix/smtp\[' "$P/maillog" | grep -Eiq 'status=(deferred|bounced)|warning|lost connection'
        local rc=$?
        grep 'postfix/smtp\[' "$P/maillog" | grep -Evi 'status=sent' || true
        return $rc
    }
    check "Postfix relays three messages to mailbox-server (status=sent, nothing deferred)" \
        postfix_relay
    relay_read() {
        "$BIN/imap-fetch" --server "$HOST:$RELAY_IMAP_PORT" --quiet --out "$WORK/got-relay" &&
            compare "$WORK/expected-relay" "$WORK/got-relay" --drop-headers Received
    }
    check "messages relayed by Postfix read back by imap-fetch match" relay_read
fi

# --- summary ----------------------------------------------------------------------------------
log "more peers: ${#PASSED[@]} passed, ${#FAILED[@]} failed"
if [ "${#FAILED[@]}" -gt 0 ]; then
    printf '  failed: %s\n' "${FAILED[@]}"
    exit 1
fi
