#!/usr/bin/env python3
"""Real-client side of the interop test: Python's smtplib, poplib and imaplib (standard
library only), plus message generation and byte-for-byte comparison.

Usage:
  peers.py gen DIR                              write the test messages (CRLF) into DIR
  peers.py smtp HOST PORT FROM TO FILE...       send each FILE with smtplib (AUTH PLAIN first
                                                when SMTP_USER/SMTP_PASS are set)
  peers.py pop3 HOST PORT USER PASS OUTDIR      fetch every message with poplib into OUTDIR/N.eml
  peers.py imap HOST PORT USER PASS OUTDIR      fetch every INBOX message with imaplib into
                                                OUTDIR/N.eml (N = position), checking FLAGS,
                                                RFC822.SIZE, ENVELOPE and BODYSTRUCTURE answers
  peers.py idle HOST PORT USER PASS SMTPPORT    IMAP IDLE sees a message delivered by SMTP
  peers.py append HOST PORT USER PASS MAILBOX FILE...
                                                APPEND each FILE with imaplib (synchronizing
                                                literals), then the first again with a LITERAL+
                                                non-synchronizing literal
  peers.py imapops HOST PORT USER PASS          CREATE/APPEND/SEARCH/STORE/COPY/MOVE/EXPUNGE/
                                                STATUS/RENAME/DELETE round with imaplib
  peers.py compare EXPECTED_DIR GOT_DIR [--unordered]
"""

import hashlib
import imaplib
import os
import poplib
import re
import smtplib
import socket
import sys
import threading
import time


def gen(out):
    os.makedirs(out, exist_ok=True)
    dots = (
        b"From: Bob <bob@example.org>\r\n"
        b"To: Alice <alice@localhost>\r\n"
        b"Subject: lines starting with dots\r\n"
        b"Message-ID: <dots@example.org>\r\n"
        b"Date: Tue, 24 Nov 2026 10:00:00 +0000\r\n"
        b"\r\n"
        b".\r\n"
        b"..\r\n"
        b".one dot\r\n"
        b"..two dots\r\n"
        b"...three dots\r\n"
        b"last line\r\n"
    )
    eight = (
        "From: Bob <bob@example.org>\r\n"
        "To: alice@localhost\r\n"
        "Subject: 8-bit content\r\n"
        "MIME-Version: 1.0\r\n"
        "Content-Type: text/plain; charset=utf-8\r\n"
        "Content-Transfer-Encoding: 8bit\r\n"
        "\r\n"
        "Grüße aus Köln, été, 日本語, emoji 📬\r\n"
        "Latin-1 byte follows: "
    ).encode("utf-8") + b"\xe9\xff\r\n"
    big = bytearray(
        b"From: bob@example.org\r\n"
        b"To: alice@localhost\r\n"
        b"Subject: five MiB\r\n"
        b"MIME-Version: 1.0\r\n"
        b"Content-Type: multipart/mixed; boundary=\"b1\"\r\n"
        b"\r\n"
        b"--b1\r\n"
        b"Content-Type: text/plain\r\n"
        b"\r\n"
        b"see attachment\r\n"
        b"--b1\r\n"
        b"Content-Type: application/octet-stream\r\n"
        b"Content-Transfer-Encoding: base64\r\n"
        b"\r\n"
    )
    i = 0
    while len(big) < 5 * 1024 * 1024:
        line = hashlib.sha256(str(i).encode()).hexdigest()[:76]
        if i % 997 == 0:
            line = "." + line[1:]
        big += line.encode() + b"\r\n"
        i += 1
    big += b"--b1--\r\n"
    for name, data in (("1-dots.eml", dots), ("2-8bit.eml", eight), ("3-big.eml", bytes(big))):
        with open(os.path.join(out, name), "wb") as f:
            f.write(data)


def smtp(host, port, sender, rcpt, files):
    user, password = os.environ.get("SMTP_USER"), os.environ.get("SMTP_PASS")
    with smtplib.SMTP(host, int(port), timeout=60) as s:
        s.ehlo("python.example")
        for cap in ("pipelining", "size", "8bitmime", "chunking", "enhancedstatuscodes",
                    "dsn", "smtputf8", "auth"):
            if not s.has_extn(cap):
                raise SystemExit(f"smtplib: EHLO lacks {cap}")
        if user:
            s.login(user, password)
        for path in files:
            with open(path, "rb") as f:
                data = f.read()
            refused = s.sendmail(sender, [rcpt], data, mail_options=["BODY=8BITMIME"])
            if refused:
                raise SystemExit(f"smtplib: refused {refused}")
        try:
            s.sendmail(sender, ["nobody@localhost"], b"Subject: x\r\n\r\nx\r\n")
            raise SystemExit("smtplib: unknown recipient was accepted")
        except smtplib.SMTPRecipientsRefused as e:
            code, text = e.recipients["nobody@localhost"]
            if code != 550 or not text.startswith(b"5.1.1"):
                raise SystemExit(f"smtplib: unexpected refusal {code} {text!r}")


def pop3(host, port, user, password, out):
    os.makedirs(out, exist_ok=True)
    p = poplib.POP3(host, int(port), timeout=60)
    caps = p.capa()
    for cap in ("TOP", "UIDL", "USER", "PIPELINING"):
        if cap not in caps:
            raise SystemExit(f"poplib: CAPA lacks {cap}: {caps}")
    p.user(user)
    p.pass_(password)
    count, _size = p.stat()
    _resp, listing, _ = p.list()
    uidl = p.uidl()[1]
    if len(listing) != count or len(uidl) != count:
        raise SystemExit("poplib: STAT, LIST and UIDL disagree")
    for n in range(1, count + 1):
        _resp, lines, _octets = p.retr(n)
        data = b"".join(line + b"\r\n" for line in lines)
        with open(os.path.join(out, f"{n}.eml"), "wb") as f:
            f.write(data)
        _resp, top, _ = p.top(n, 0)
        header = data.split(b"\r\n\r\n", 1)[0].split(b"\r\n")
        if top[: len(header)] != header:
            raise SystemExit(f"poplib: TOP {n} 0 differs from the header")
    p.noop()
    p.rset()
    p.quit()


def imap(host, port, user, password, out):
    os.makedirs(out, exist_ok=True)
    m = imaplib.IMAP4(host, int(port), timeout=60)
    typ, caps = m.capability()
    m.login(user, password)
    typ, _ = m.select("INBOX")
    if typ != "OK":
        raise SystemExit("imaplib: SELECT failed")
    typ, data = m.search(None, "ALL")
    nums = data[0].split()
    for n in nums:
        typ, parts = m.fetch(n, "(UID FLAGS RFC822.SIZE INTERNALDATE ENVELOPE BODYSTRUCTURE BODY.PEEK[])")
        if typ != "OK":
            raise SystemExit(f"imaplib: FETCH {n} failed: {parts}")
        literal = [p for p in parts if isinstance(p, tuple)]
        if len(literal) != 1:
            raise SystemExit(f"imaplib: FETCH {n}: expected one literal, got {parts!r}")
        head, body = literal[0]
        if b"ENVELOPE (" not in head or b"BODYSTRUCTURE (" not in head:
            raise SystemExit(f"imaplib: FETCH {n}: missing ENVELOPE/BODYSTRUCTURE: {head!r}")
        size = int(re.search(rb"RFC822\.SIZE (\d+)", head).group(1))
        if size != len(body):
            raise SystemExit(f"imaplib: RFC822.SIZE {size} != {len(body)}")
        with open(os.path.join(out, f"{int(n)}.eml"), "wb") as f:
            f.write(body)
    m.logout()


def idle(host, port, user, password, smtp_port):
    m = imaplib.IMAP4(host, int(port), timeout=60)
    m.login(user, password)
    typ, data = m.select("INBOX")
    before = int(data[0])
    tag = m._new_tag()
    m.send(tag + b" IDLE\r\n")
    line = m.readline()
    if not line.startswith(b"+"):
        raise SystemExit(f"imaplib: IDLE not accepted: {line!r}")

    def deliver():
        time.sleep(0.5)
        with smtplib.SMTP(host, int(smtp_port), timeout=30) as s:
            s.sendmail("bob@example.org", ["alice@localhost"], b"Subject: idle\r\n\r\nnew\r\n")

    t = threading.Thread(target=deliver)
    t.start()
    m.sock.settimeout(20)
    line = m.readline()
    t.join()
    if not re.match(rb"\* %d EXISTS" % (before + 1), line):
        raise SystemExit(f"imaplib: expected EXISTS during IDLE, got {line!r}")
    m.send(b"DONE\r\n")
    while True:
        line = m.readline()
        if line.startswith(tag):
            if b" OK" not in line:
                raise SystemExit(f"imaplib: IDLE ended badly: {line!r}")
            break
    m.logout()


def append(host, port, user, password, mailbox, files):
    m = imaplib.IMAP4(host, int(port), timeout=60)
    m.login(user, password)
    datas = []
    for path in files:
        with open(path, "rb") as f:
            data = f.read()
        datas.append(data)
        typ, resp = m.append(mailbox, r"(\Seen)", None, data)
        if typ != "OK" or b"APPENDUID" not in resp[0]:
            raise SystemExit(f"imaplib: APPEND failed: {typ} {resp}")
    # RFC 7888 LITERAL+: the whole command in one write, no continuation request.
    tag = m._new_tag()
    data = datas[0]
    m.send(tag + b" APPEND " + mailbox.encode() + b" {%d+}\r\n" % len(data) + data + b"\r\n")
    while True:
        line = m.readline()
        if line.startswith(b"+"):
            raise SystemExit("LITERAL+: server sent a continuation request")
        if line.startswith(tag):
            if not line.startswith(tag + b" OK"):
                raise SystemExit(f"LITERAL+ APPEND failed: {line!r}")
            break
    m.logout()


def expect(cond, what):
    if not cond:
        raise SystemExit("imapops: " + what)


def imapops(host, port, user, password):
    m = imaplib.IMAP4(host, int(port), timeout=60)
    m.login(user, password)
    expect(m.create("Work")[0] == "OK", "CREATE Work")
    expect(m.create("Work")[0] == "NO", "CREATE of an existing mailbox must fail")
    expect(m.create("Work/Sub")[0] == "OK", "CREATE Work/Sub")
    expect(m.create("Deep/er/est")[0] == "OK", "CREATE Deep/er/est")
    typ, data = m.list('""', "Deep/%")
    expect(data == [b'(\\HasChildren) "/" Deep/er'], f"CREATE makes superior names: {data}")
    expect(m.delete("Deep/er/est")[0] == "OK", "DELETE Deep/er/est")
    for subject in (b"alpha report", b"beta notes", b"gamma report"):
        msg = b"From: carol@example.net\r\nSubject: " + subject + b"\r\n\r\nbody of " + subject + b"\r\n"
        expect(m.append("Work", None, None, msg)[0] == "OK", "APPEND")
    typ, data = m.list('""', "*")
    names = b" ".join(data)
    expect(b"Work/Sub" in names and b"\\HasChildren" in names, f"LIST: {data}")
    typ, data = m.status("Work", "(MESSAGES UIDNEXT UNSEEN)")
    expect(b"MESSAGES 3" in data[0] and b"UNSEEN 3" in data[0], f"STATUS: {data}")
    typ, data = m.select("Work")
    expect(typ == "OK" and data[0] == b"3", f"SELECT Work: {data}")
    typ, data = m.search(None, "SUBJECT", "report")
    expect(data[0] == b"1 3", f"SEARCH SUBJECT report: {data}")
    typ, data = m.search(None, "OR", "BODY", "beta", "FROM", "nobody")
    expect(data[0] == b"2", f"SEARCH OR BODY: {data}")
    typ, data = m.store("1:2", "+FLAGS", r"(\Flagged)")
    expect(typ == "OK", "STORE +FLAGS")
    typ, data = m.search(None, "FLAGGED", "NOT", "SEEN")
    expect(data[0] == b"1 2", f"SEARCH FLAGGED NOT SEEN: {data}")
    typ, data = m.fetch("3", "(BODY[TEXT])")
    expect(data[0][1] == b"body of gamma report\r\n", f"FETCH BODY[TEXT]: {data}")
    typ, data = m.fetch("3", "(FLAGS)")
    expect(b"\\Seen" in data[0], f"BODY[] must set \\Seen: {data}")
    typ, data = m.fetch("1", "(BODY.PEEK[HEADER.FIELDS (SUBJECT)] BODY.PEEK[]<0.4>)")
    expect(data[0][1] == b"Subject: alpha report\r\n\r\n" and b'BODY[]<0> "From"' in data[1], f"sections: {data}")
    typ, data = m.uid("SEARCH", None, "ALL")
    uids = data[0].split()
    expect(len(uids) == 3, f"UID SEARCH: {data}")
    typ, data = m.copy("1", "Work/Sub")
    expect(typ == "OK" and b"COPYUID" in data[0], f"COPY: {typ} {data}")
    typ, data = m._simple_command("MOVE", "2", "Trash")
    expect(typ == "OK", f"MOVE: {typ} {data}")
    typ, data = m.select("Work")
    expect(data[0] == b"2", f"after MOVE: {data}")
    m.store("1", "+FLAGS", r"(\Deleted)")
    typ, data = m.expunge()
    expect(typ == "OK" and data == [b"1"], f"EXPUNGE: {data}")
    typ, data = m.search(None, "ALL")
    expect(data[0] == b"1", f"after EXPUNGE: {data}")
    m.close()
    expect(m.rename("Work", "Done")[0] == "OK", "RENAME")
    typ, data = m.list('""', "Done*")
    expect(len(data) == 2, f"LIST after RENAME: {data}")
    expect(m.delete("Done/Sub")[0] == "OK" and m.delete("Done")[0] == "OK", "DELETE")
    expect(m.select("Done")[0] == "NO", "SELECT of a deleted mailbox must fail")
    typ, data = m.status("Trash", "(MESSAGES)")
    expect(b"MESSAGES 1" in data[0], f"Trash: {data}")
    m.logout()


def natural(name):
    return [int(x) if x.isdigit() else x for x in re.split(r"(\d+)", name)]


def drop_headers(data, names):
    """Removes the header fields in `names` (lower case) from the header section of `data`."""
    if not names:
        return data
    nl = b"\r\n" if b"\r\n" in data.split(b"\n", 1)[0] + b"\n" else b"\n"
    end = data.find(nl + nl)
    if end < 0:
        return data
    head, rest = data[: end + len(nl)], data[end + len(nl):]
    out, dropping = [], False
    for line in head.split(nl)[:-1]:
        if line[:1] in (b" ", b"\t"):
            if not dropping:
                out.append(line)
            continue
        dropping = line.split(b":", 1)[0].strip().lower() in names
        if not dropping:
            out.append(line)
    return b"".join(line + nl for line in out) + rest


def compare(expected_dir, got_dir, unordered=False, lf=False, drop=()):
    """Compares the messages of two directories byte for byte (in natural name order, or by
    content with `unordered`); `lf` compares with CR LF turned into LF, `drop` names (lower
    case) header fields removed from every GOT message first. Exits with a message on a
    difference."""
    def load(d, strip):
        out = []
        for name in sorted(os.listdir(d), key=natural):
            path = os.path.join(d, name)
            if not os.path.isfile(path) or name.startswith("."):
                continue
            with open(path, "rb") as f:
                data = f.read()
            if strip:
                data = drop_headers(data, drop)
            if lf:
                data = data.replace(b"\r\n", b"\n")
            out.append((name, data))
        return out

    exp, got = load(expected_dir, False), load(got_dir, True)
    if unordered:
        exp.sort(key=lambda x: x[1])
        got.sort(key=lambda x: x[1])
    if len(exp) != len(got):
        raise SystemExit(f"compare: {len(exp)} expected, {len(got)} got in {got_dir}")
    for (en, ed), (gn, gd) in zip(exp, got):
        if ed != gd:
            i = next((k for k in range(min(len(ed), len(gd))) if ed[k] != gd[k]), min(len(ed), len(gd)))
            raise SystemExit(
                f"compare: {got_dir}/{gn} differs from {expected_dir}/{en} at byte {i} "
                f"(lengths {len(gd)} vs {len(ed)}): {gd[max(0, i - 20):i + 20]!r} vs {ed[max(0, i - 20):i + 20]!r}"
            )
    print(f"ok: {len(got)} messages in {got_dir} match byte for byte")


def main(argv):
    cmd = argv[1] if len(argv) > 1 else ""
    if cmd == "gen" and len(argv) == 3:
        gen(argv[2])
    elif cmd == "smtp" and len(argv) >= 7:
        smtp(argv[2], argv[3], argv[4], argv[5], argv[6:])
    elif cmd == "pop3" and len(argv) == 7:
        pop3(*argv[2:7])
    elif cmd == "imap" and len(argv) == 7:
        imap(*argv[2:7])
    elif cmd == "idle" and len(argv) == 7:
        idle(*argv[2:7])
    elif cmd == "append" and len(argv) >= 8:
        append(argv[2], argv[3], argv[4], argv[5], argv[6], argv[7:])
    elif cmd == "imapops" and len(argv) == 6:
        imapops(*argv[2:6])
    elif cmd == "compare" and len(argv) in (4, 5):
        compare(argv[2], argv[3], len(argv) == 5 and argv[4] == "--unordered")
    else:
        print(__doc__, file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
