#!/usr/bin/env python3
"""Writes the committed seed corpora (fuzz/corpus/<target>/seed-*) from the RFC examples and
the test vectors under crates/*/tests/vectors/. Run from fuzz/: python3 tools/make_seeds.py"""
import os, re

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")
CRATES = os.path.join(ROOT, "crates")
CORPUS = os.path.join(ROOT, "fuzz", "corpus")


def write(target, name, data):
    d = os.path.join(CORPUS, target)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, "seed-" + name), "wb") as f:
        f.write(data)


def trace(path, sides):
    """Lines of a C:/S: trace for the given side prefixes, with CRLF."""
    out = []
    with open(path, "rb") as f:
        for line in f.read().split(b"\n"):
            for side in sides:
                if line.startswith(side + b" ") or line == side:
                    out.append(line[len(side) + 1:] + b"\r\n")
    return out


CUTS = bytes([3, 5, 7, 11])

# ---- SMTP (RFC 5321 Appendix D, RFC 3030, RFC 2920) ----
smtp_vec = os.path.join(CRATES, "smtp-proto", "tests", "vectors")
for name in sorted(os.listdir(smtp_vec)):
    base = name.rsplit(".", 1)[0]
    path = os.path.join(smtp_vec, name)
    c = trace(path, [b"C:"])
    s = trace(path, [b"S:"])
    write("smtp_codec", base + "-commands", bytes([2]) + CUTS + b"".join(c))
    write("smtp_codec", base + "-replies", bytes([3]) + CUTS + b"".join(s))
    # Server session: feed the client side, accepting each command.
    ops = bytearray([0, 0])
    for line in c:
        for i in range(0, len(line), 255):
            part = line[i:i + 255]
            ops += bytes([0, len(part)]) + part
        ops += bytes([3])
    write("smtp_session", base + "-server", bytes(ops))
    # Client session: EHLO, MAIL, RCPT, DATA, body, end, QUIT against the server side.
    ops = bytearray([1, 0])
    for line in s:
        ops += bytes([0, len(line[:255])]) + line[:255]
        ops += bytes([4, 5, 6, 7])
    ops += bytes([8, 5]) + b"Hi\r\n." + bytes([9, 31])
    write("smtp_session", base + "-client", bytes(ops))
for i, cmd in enumerate([
    b"EHLO bar.com\r\n", b"MAIL FROM:<Smith@bar.com> SIZE=1000 BODY=8BITMIME RET=HDRS ENVID=QQ314159\r\n",
    b"RCPT TO:<Jones@foo.com> NOTIFY=SUCCESS,FAILURE ORCPT=rfc822;Jones@foo.com\r\n",
    b"MAIL FROM:<> SMTPUTF8\r\n", b"RCPT TO:<\"quoted user\"@[192.0.2.1]>\r\n",
    b"AUTH PLAIN dGVzdAB0ZXN0AHRlc3Q=\r\n", b"BDAT 100 LAST\r\n", b"VRFY Smith\r\n",
    b"STARTTLS\r\n", b"BURL imap://x@h/INBOX;UIDVALIDITY=1/;UID=2;urlauth=submit+x:internal:9 LAST\r\n",
    b"MAIL FROM:<a@b> HOLDFOR=600 MT-PRIORITY=3 BY=120;R REQUIRETLS\r\n",
]):
    write("smtp_codec", "command-%02d" % i, bytes([0]) + cmd)
for i, rep in enumerate([
    b"250-foo.com greets bar.com\r\n250-8BITMIME\r\n250-SIZE 1000000\r\n250-AUTH=PLAIN LOGIN\r\n250-AUTH PLAIN LOGIN\r\n250-LIMITS RCPTMAX=10 MAILMAX=2\r\n250-FUTURERELEASE 604800 2026-12-01T00:00:00Z\r\n250 HELP\r\n",
    b"550 5.1.1 No such user here\r\n", b"354 Start mail input; end with <CRLF>.<CRLF>\r\n",
    b"334 VXNlcm5hbWU6\r\n", b"421-4.4.2 first\r\n421 4.4.2 closing\r\n",
]):
    write("smtp_codec", "reply-%02d" % i, bytes([1]) + rep)
for i in range(4):
    write("smtp_codec", "value-%d" % i, bytes([4 + i]) + bytes(range(i * 13, i * 13 + 64)))

# ---- POP3 (RFC 1939 §10, RFC 2449 §5/§6.6, a Dovecot trace) ----
pop3_vec = os.path.join(CRATES, "pop3-proto", "tests", "vectors")
for name in sorted(os.listdir(pop3_vec)):
    base = name.rsplit(".", 1)[0]
    path = os.path.join(pop3_vec, name)
    c = trace(path, [b"C:"])
    s = trace(path, [b"S:"])
    write("pop3_codec", base + "-commands", bytes([2, 0]) + CUTS + b"".join(c))
    write("pop3_codec", base + "-status", bytes([3, 1]) + CUTS + b"".join(s))
    ops = bytearray([0, 0])
    for line in c:
        ops += bytes([0, len(line[:255])]) + line[:255] + bytes([4])
    write("pop3_session", base + "-server", bytes(ops))
    ops = bytearray([1, 0])
    for line in s:
        ops += bytes([0, len(line[:255])]) + line[:255]
    ops += bytes([5, 6, 8, 9, 0, 10, 1, 13, 14, 38])
    write("pop3_session", base + "-client", bytes(ops))
for i, cmd in enumerate([
    b"USER mrose\r\n", b"PASS tanstaaf\r\n", b"APOP mrose c4c9334bac560ecc979e58001b3e22fb\r\n",
    b"TOP 1 10\r\n", b"LIST 2\r\n", b"UIDL\r\n", b"AUTH PLAIN dGVzdAB0ZXN0AHRlc3Q=\r\n",
    b"AUTH\r\n", b"LANG *\r\n", b"UTF8\r\n", b"STLS\r\n", b"*\r\n",
]):
    write("pop3_codec", "command-%02d" % i, bytes([0, 0]) + cmd)
responses = [
    (0, b"+OK POP3 server ready <1896.697170952@dbc.mtview.ca.us>\r\n"),
    (1, b"-ERR [IN-USE] Do you have another POP session running?\r\n"),
    (2, b"+OK 2 320\r\n"),
    (3, b"+OK 2 200\r\n"),
    (4, b"+OK 2 QhdPYR:00WBw1Ph7x7\r\n"),
    (5, b"+ VXNlcm5hbWU6\r\n"),
    (6, b"+OK 120 octets\r\nFrom: a@b\r\n\r\n..dot\r\nbody\r\n.\r\n"),
    (7, b"+OK 2 messages (320 octets)\r\n1 120\r\n2 200\r\n.\r\n"),
    (8, b"+OK\r\n1 whqtswO00WBw418f9t5JxYwZ\r\n2 QhdPYR:00WBw1Ph7x7\r\n.\r\n"),
    (9, b"+OK Capability list follows\r\nTOP\r\nUSER\r\nSASL CRAM-MD5 KERBEROS_V4\r\nRESP-CODES\r\nLOGIN-DELAY 900\r\nPIPELINING\r\nEXPIRE 60\r\nUIDL\r\nIMPLEMENTATION Shlemazle-Plotz-v302\r\nSTLS\r\nUTF8 USER\r\nLANG\r\n.\r\n"),
    (10, b"+OK Language listing follows\r\nen English\r\nes Espanol\r\n.\r\n"),
    (11, b"+OK\r\nPLAIN\r\nSCRAM-SHA-256\r\n.\r\n"),
]
for form, r in responses:
    write("pop3_codec", "response-%02d" % form, bytes([1, form]) + r)
write("pop3_codec", "listing-scan", bytes([4, 0]) + CUTS + b"1 120\r\n2 200\r\n.\r\n")
write("pop3_codec", "listing-capa", bytes([4, 2]) + CUTS + responses[9][1].split(b"\r\n", 1)[1])
write("pop3_codec", "body", bytes([5, 0]) + CUTS + b"From: a@b\r\n\r\n..dot\r\n.x\r\nbody\r\n.\r\n+OK next\r\n")
for i in range(2):
    write("pop3_codec", "value-%d" % i, bytes([6, i]) + bytes(range(i * 17, i * 17 + 64)))

# ---- IMAP (RFC 9051 / RFC 3501 examples, real-server responses) ----
imap_vec = os.path.join(CRATES, "imap-proto", "tests", "vectors")


def imap_commands(path):
    """Commands of a C:/C+ trace (literal continuations joined), and the AUTHENTICATE lines."""
    cmds, auth = [], []
    with open(path, "rb") as f:
        for line in f.read().split(b"\n"):
            if line.startswith(b"C: "):
                cmds.append(line[3:] + b"\r\n")
            elif line.startswith(b"C+ ") and cmds:
                cmds[-1] += line[3:] + b"\r\n"
            elif line.startswith(b"A: ") or line == b"A:":
                auth.append(line[3:] + b"\r\n")
    return cmds, auth


for name in ["command-rfc3501.trace", "command-rfc9051.trace"]:
    base = name.rsplit(".", 1)[0]
    cmds, auth = imap_commands(os.path.join(imap_vec, name))
    write("imap_codec", base + "-stream", bytes([3, 0]) + CUTS + b"".join(cmds)[:4000])
    write("imap_codec", base + "-auth", bytes([5, 0]) + CUTS + b"".join(auth) + b"*\r\n")
    picked = [c for c in cmds if b"{" in c or b"UID" in c or b"SEARCH" in c][:8] + cmds[:4]
    for i, c in enumerate(picked):
        write("imap_codec", "%s-command-%02d" % (base, i), bytes([0, 0x10 * (i % 3)]) + c)
for name in ["response_rfc3501.server", "response_rfc9051.server"]:
    base = name.rsplit(".", 1)[0]
    with open(os.path.join(imap_vec, name), "rb") as f:
        raw = f.read().replace(b"\r\n", b"\n").replace(b"\n", b"\r\n")
    write("imap_codec", base + "-stream", bytes([4, 0]) + CUTS + raw[:4000])
    lines = raw.split(b"\r\n")
    for i, l in enumerate([l for l in lines if l and b"{" not in l][:10]):
        write("imap_codec", "%s-response-%02d" % (base, i), bytes([1, 0]) + l + b"\r\n")
real = []
with open(os.path.join(imap_vec, "response_real_world.txt"), "rb") as f:
    for line in f.read().split(b"\n"):
        if line.startswith(b"S: "):
            real.append(line[3:] + b"\r\n")
write("imap_codec", "real-world-stream", bytes([4, 1]) + CUTS + b"".join(real)[:4000])
for i, l in enumerate(real[::12]):
    write("imap_codec", "real-world-%02d" % i, bytes([1, 1]) + l)
write("imap_codec", "greeting", bytes([1, 0]) + b"* OK [CAPABILITY IMAP4rev2 STARTTLS AUTH=SCRAM-SHA-256 LOGINDISABLED] IMAP4rev2 Service Ready\r\n")
write("imap_codec", "fetch-literal", bytes([1, 0]) + b"* 12 FETCH (BODY[HEADER] {20}\r\nSubject: hi\r\n\r\nabcd)\r\n")
for i, a in enumerate([b"dGVzdAB0ZXN0AHRlc3Q=\r\n", b"*\r\n", b"\r\n", b"DONE\r\n", b"=\r\n"]):
    write("imap_codec", "auth-%d" % i, bytes([2, 0]) + a)
for i in range(4):
    write("imap_codec", "value-%d" % i, bytes([6 + i, 0x11 * i]) + bytes(range(i * 11, i * 11 + 96)))
# Server sessions: the RFC examples' commands, each accepted (literal) and answered OK.
for name in ["command-rfc3501.trace", "command-rfc9051.trace"]:
    base = name.rsplit(".", 1)[0]
    cmds, auth = imap_commands(os.path.join(imap_vec, name))
    for part in range(2):
        ops = bytearray([1 | 4 * part])
        for c in cmds[part * 20:part * 20 + 20]:
            for i in range(0, len(c), 255):
                piece = c[i:i + 255]
                ops += bytes([0, len(piece)]) + piece + bytes([4])
            ops += bytes([6])
        write("imap_session", "%s-%d" % (base, part), bytes(ops))
inj = b"a1 STARTTLS\r\na2 LOGIN user pass\r\n"
write("imap_session", "starttls-injection", bytes([1, 0, len(inj)]) + inj + bytes([6, 13, 6, 0, 12]) + b"a3 NOOP\r\n" + bytes([6]))
idle = b"a1 LOGIN a b\r\n"
write("imap_session", "idle", bytes([0, 0, len(idle)]) + idle + bytes([6, 0, 8]) + b"a2 IDLE\r\n" + bytes([11, 9, 0, 6]) + b"DONE\r\n" + bytes([6]))
auth = b"a1 AUTHENTICATE PLAIN\r\n"
write("imap_session", "authenticate", bytes([0, 0, len(auth)]) + auth + bytes([12, 0, 0, 22]) + b"dGVzdAB0ZXN0AHRlc3Q=\r\n" + bytes([6]))
# Client sessions: the RFC examples' server responses against queued commands.
for name in ["response_rfc3501.server", "response_rfc9051.server"]:
    base = name.rsplit(".", 1)[0]
    with open(os.path.join(imap_vec, name), "rb") as f:
        raw = f.read().replace(b"\r\n", b"\n").replace(b"\n", b"\r\n")
    ops = bytearray([0, 5, 6, 3]) + b"bob" + bytes([7, 9, 10, 11, 5]) + b"hello" + bytes([14])
    for i in range(0, min(len(raw), 3000), 200):
        piece = raw[i:i + 200]
        ops += bytes([0, len(piece)]) + piece
    write("imap_client", base, bytes(ops))
g = b"* OK [CAPABILITY IMAP4rev2 STARTTLS SASL-IR] ready\r\n"
write("imap_client", "starttls-injection", bytes([0, 0, len(g)]) + g + bytes([8, 0, 25]) + b"A1 OK begin TLS\r\n* OK hi\r\n" + bytes([30, 5, 0, 13]) + b"A2 OK done\r\n")
auth = b"+ \r\n"
write("imap_client", "authenticate", bytes([0, 0, len(g)]) + g + bytes([12 | 16, 4]) + b"\x00a\x00b" + bytes([0, len(auth)]) + auth + bytes([13 | 32, 2]) + b"xy" + bytes([0, 12]) + b"A1 OK done\r\n")
