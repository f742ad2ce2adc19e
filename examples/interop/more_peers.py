#!/usr/bin/env python3
"""Helpers of more-peers.sh (standard library only).

Usage:
  more_peers.py compare EXPECTED_DIR GOT_DIR [--unordered] [--lf] [--drop-headers NAME,NAME]
      compares the messages byte for byte; --lf compares with CR LF turned into LF (maildir
      writers store LF), --drop-headers removes the named header fields (and their continuation
      lines) from the header section of every GOT message first: fields a peer adds on delivery
      (Postfix's Return-Path, Delivered-To, Received; isync's X-TUID).
  more_peers.py mbsync HOST IMAP_PORT SMTP_PORT USER PASS WORKDIR
      two-way sync of INBOX with isync's mbsync against a maildir, with changes on each side
      between the runs, checking both sides after every run.
  more_peers.py mbsync-same HOST IMAP_PORT USER PASS MAILDIR COUNT
      checks that INBOX and the maildir hold the same COUNT messages with the same flags.
"""

import hashlib
import imaplib
import os
import re
import smtplib
import subprocess
import sys

from peers import compare, drop_headers


# --- isync / mbsync ---------------------------------------------------------------------------

# Maildir info flags and the IMAP system flags they stand for (isync's mapping).
MAILDIR_FLAGS = {"D": "\\Draft", "F": "\\Flagged", "R": "\\Answered", "S": "\\Seen"}


def fail(what):
    raise SystemExit("mbsync: " + what)


def server_state(host, port, user, password):
    """INBOX as a sorted list of (sha256 of the body, frozenset of flags), plus the bodies, with the
    X-TUID header field that isync adds to every message it copies (to find it again after an
    interrupted run) dropped."""
    m = imaplib.IMAP4(host, int(port), timeout=60)
    m.login(user, password)
    m.select("INBOX", readonly=True)
    typ, data = m.uid("FETCH", "1:*", "(FLAGS BODY.PEEK[])")
    if typ != "OK":
        fail(f"UID FETCH failed: {data}")
    state, bodies = [], []
    for part in data:
        if not isinstance(part, tuple):
            continue
        head, body = part
        flags = re.search(rb"FLAGS \(([^)]*)\)", head)
        names = flags.group(1).decode().split() if flags else []
        keep = frozenset(f for f in names if f in MAILDIR_FLAGS.values())
        body = drop_headers(body, {b"x-tuid"})
        state.append((hashlib.sha256(body).hexdigest(), keep))
        bodies.append(body)
    m.logout()
    return sorted(state, key=lambda x: (x[0], sorted(x[1]))), bodies


def maildir_files(box):
    out = []
    for sub in ("new", "cur"):
        d = os.path.join(box, sub)
        for name in sorted(os.listdir(d)):
            out.append(os.path.join(d, name))
    return out


def maildir_state(box):
    """The maildir as (sha256 of the body with X-TUID dropped and LF turned into CR LF, flags)."""
    state = []
    for path in maildir_files(box):
        info = path.rsplit(":2,", 1)[1] if ":2," in os.path.basename(path) else ""
        if "T" in info:
            fail(f"{path} is still marked trashed after a sync with Expunge Both")
        with open(path, "rb") as f:
            data = drop_headers(f.read(), {b"x-tuid"})
        crlf = data.replace(b"\r\n", b"\n").replace(b"\n", b"\r\n")
        flags = frozenset(MAILDIR_FLAGS[c] for c in info if c in MAILDIR_FLAGS)
        state.append((hashlib.sha256(crlf).hexdigest(), flags))
    return sorted(state, key=lambda x: (x[0], sorted(x[1])))


def run_mbsync(rc, step):
    r = subprocess.run(["mbsync", "-Dn", "-c", rc, "-a"], capture_output=True, timeout=180)
    out = r.stdout.decode(errors="replace") + r.stderr.decode(errors="replace")
    if r.returncode != 0:
        fail(f"{step}: exit {r.returncode}: {out[-3000:]}")
    # Without APPENDUID (RFC 4315 §3) isync looks the stored message up by its X-TUID.
    if "HEADER.FIELDS (X-TUID)" in out:
        fail(f"{step}: isync had to search for an appended message (no APPENDUID?)")
    return out


def check_same(host, port, user, password, box, step):
    server, _ = server_state(host, port, user, password)
    local = maildir_state(box)
    if server != local:
        fail(f"{step}: INBOX and maildir differ:\n  server {server}\n  maildir {local}")
    return server


def set_maildir_flags(path, flags):
    d, name = os.path.split(path)
    base = name.split(":2,", 1)[0]
    new = os.path.join(os.path.dirname(d), "cur", base + ":2," + "".join(sorted(flags)))
    os.rename(path, new)


def find_file(box, needle):
    for path in maildir_files(box):
        with open(path, "rb") as f:
            if needle in f.read():
                return path
    fail(f"no maildir message contains {needle!r}")


def mbsync(host, port, smtp_port, user, password, work):
    box = os.path.join(work, "maildir", "INBOX")
    os.makedirs(os.path.join(work, "maildir"), exist_ok=True)
    rc = os.path.join(work, "mbsyncrc")
    with open(rc, "w") as f:
        f.write(
            f"IMAPAccount interop\nHost {host}\nPort {port}\nUser {user}\nPass {password}\n"
            "SSLType None\nAuthMechs LOGIN\n\n"
            "IMAPStore far\nAccount interop\n\n"
            f"MaildirStore near\nPath {work}/maildir/\nInbox {box}\n\n"
            "Channel interop\nFar :far:\nNear :near:\nPatterns INBOX\nCreate Both\n"
            "Expunge Both\nSyncState *\nSync All\n"
        )
    os.chmod(rc, 0o600)

    def deliver(subject):
        body = f"From: bob@example.org\r\nTo: alice@localhost\r\nSubject: {subject}\r\n\r\n{subject}\r\n"
        with smtplib.SMTP(host, int(smtp_port), timeout=30) as s:
            s.sendmail("bob@example.org", [f"{user}@localhost"], body.encode())

    # One message per change, each with a subject of its own.
    token = f"{os.getpid()}"
    names = ("far delete", "far flag", "near seen", "near trash")
    subject = {n: f"{n} {token}" for n in names + ("far new",)}
    for n in names:
        deliver(subject[n])
    before, _ = server_state(host, port, user, password)

    # 1. Far to near: everything in INBOX arrives in the empty maildir.
    run_mbsync(rc, "first sync")
    first = check_same(host, port, user, password, box, "first sync")
    if len(first) != len(before):
        fail(f"first sync: {len(first)} messages, {len(before)} expected")
    print(f"first sync: {len(first)} messages pulled into the maildir")

    # 2. Changes on each side: a new message, a flag and a deletion on both.
    near_msg = (b"From: carol@example.org\nTo: alice@localhost\nSubject: near new " + token.encode() +
                b"\nMessage-ID: <near-new@example.org>\n\n.a line starting with a dot\nnear side\n")
    with open(os.path.join(box, "new", "1800000000.near1.interop"), "wb") as f:
        f.write(near_msg)
    set_maildir_flags(find_file(box, f"Subject: {subject['near seen']}\n".encode()), "S")
    set_maildir_flags(find_file(box, f"Subject: {subject['near trash']}\n".encode()), "T")

    deliver(subject["far new"])
    m = imaplib.IMAP4(host, int(port), timeout=60)
    m.login(user, password)
    m.select("INBOX")

    def uid_of(name):
        typ, data = m.uid("SEARCH", None, "SUBJECT", f'"{subject[name]}"')
        uids = data[0].split() if typ == "OK" and data[0] else []
        if len(uids) != 1:
            fail(f"SEARCH SUBJECT {subject[name]!r}: {typ} {data}")
        return uids[0]

    m.uid("STORE", uid_of("far flag"), "+FLAGS", "(\\Flagged)")
    m.uid("STORE", uid_of("far delete"), "+FLAGS", "(\\Deleted)")
    m.expunge()
    m.logout()

    # 3. Both directions: APPEND (with APPENDUID), UID STORE, EXPUNGE, pull of the new message.
    run_mbsync(rc, "second sync")
    second = check_same(host, port, user, password, box, "second sync")
    if len(second) != len(first):
        fail(f"second sync: {len(second)} messages, {len(first)} expected (+2 new, -2 deleted)")
    _, bodies = server_state(host, port, user, password)
    if bodies.count(near_msg.replace(b"\n", b"\r\n")) != 1:
        fail("the maildir's new message is not in INBOX exactly once, byte for byte")
    m = imaplib.IMAP4(host, int(port), timeout=60)
    m.login(user, password)
    m.select("INBOX", readonly=True)
    flags = {}
    for n in names + ("far new",):
        typ, data = m.uid("SEARCH", None, "SUBJECT", f'"{subject[n]}"')
        uids = data[0].split() if typ == "OK" and data[0] else []
        if n in ("far delete", "near trash"):
            if uids:
                fail(f"{subject[n]!r} should have been expunged: UID {uids}")
            continue
        if len(uids) != 1:
            fail(f"{subject[n]!r} should be in INBOX once: {data}")
        typ, data = m.uid("FETCH", uids[0], "(FLAGS)")
        flags[n] = data[0]
    m.logout()
    if b"\\Flagged" not in flags["far flag"]:
        fail(f"\\Flagged set in INBOX: {flags['far flag']!r}")
    if b"\\Seen" not in flags["near seen"]:
        fail(f"S set in the maildir did not reach INBOX: {flags['near seen']!r}")
    for n, needle, letter in (("far flag", subject["far flag"], "F"), ("near seen", subject["near seen"], "S")):
        path = find_file(box, f"Subject: {needle}\n".encode())
        if letter not in os.path.basename(path).rsplit(":2,", 1)[-1]:
            fail(f"{n}: maildir file {path} lacks flag {letter}")
    find_file(box, f"Subject: {subject['far new']}\r\n".replace("\r", "").encode())
    print(f"second sync: {len(second)} messages, a new message, a flag and a deletion went each way")

    # 4. Nothing changed: a third run changes nothing.
    run_mbsync(rc, "third sync")
    third = check_same(host, port, user, password, box, "third sync")
    if third != second:
        fail("third sync changed the mailboxes")
    print("third sync: no changes")


def main(argv):
    cmd = argv[1] if len(argv) > 1 else ""
    if cmd == "compare" and len(argv) >= 4:
        opts = argv[4:]
        drop = ()
        if "--drop-headers" in opts:
            i = opts.index("--drop-headers")
            drop = {n.strip().lower().encode() for n in opts[i + 1].split(",")}
        compare(argv[2], argv[3], "--unordered" in opts, "--lf" in opts, drop)
    elif cmd == "mbsync" and len(argv) == 8:
        mbsync(*argv[2:8])
    elif cmd == "mbsync-same" and len(argv) == 8:
        state = check_same(argv[2], argv[3], argv[4], argv[5], argv[6], "after the sync")
        if len(state) != int(argv[7]):
            fail(f"{len(state)} messages on each side, {argv[7]} expected")
        print(f"ok: INBOX and {argv[6]} hold the same {len(state)} messages and flags")
    else:
        print(__doc__, file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
