#!/usr/bin/env python3
"""Counts the SQL constructs the core and the server use, for docs/STORAGE.md.

Looks only inside C++ string literals (plain and raw) of shared/src, sync-server/src and
sync-server/http, so C++ calls such as std::string::substr do not count. Prints a Markdown
table: construct, occurrences, files, where most of them are. Run from the repository root:
    python3 scripts/sql_constructs.py
"""
import collections
import glob
import re

FILES = sorted(glob.glob("shared/src/*.cpp") + glob.glob("shared/src/*.hpp") +
               glob.glob("sync-server/src/*.cpp") + glob.glob("sync-server/http/*.cpp"))

# (construct, regular expression, what PostgreSQL needs instead; "" = the same)
CONSTRUCTS = [
    ("numbered parameters `?1`", r"\?\d", "`$1`"),
    ("plain parameters `?`", r"\?(?!\d)[,) ]", "`$n`"),
    ("`INSERT OR IGNORE`", r"INSERT OR IGNORE", "`ON CONFLICT DO NOTHING`"),
    ("`INSERT OR REPLACE`", r"INSERT OR REPLACE", "`ON CONFLICT (key) DO UPDATE` (all columns)"),
    ("`ON CONFLICT … DO UPDATE/NOTHING`, `excluded.`", r"ON CONFLICT", ""),
    ("`CREATE TRIGGER` (SQLite body: `BEGIN … END`, `WHEN`)", r"CREATE TRIGGER",
     "a trigger function in PL/pgSQL + `CREATE TRIGGER … EXECUTE FUNCTION`"),
    ("`NEW.`/`OLD.` in trigger bodies", r"\b(?:NEW|OLD)\.\w", "same names inside the function"),
    ("`INSERT … SELECT` (mostly in triggers)", r"INSERT INTO [^;]*?\)\s*SELECT", ""),
    ("`CREATE VIEW`", r"CREATE VIEW", ""),
    ("partial index `CREATE INDEX … WHERE`", r"CREATE INDEX[^;\n]*WHERE", ""),
    ("`ALTER TABLE … ADD COLUMN`", r"ALTER TABLE \w+ ADD COLUMN", ""),
    ("`DROP TRIGGER`/`DROP INDEX`", r"DROP (?:TRIGGER|INDEX|VIEW)", "`DROP TRIGGER t ON table`"),
    ("`INTEGER PRIMARY KEY` (rowid alias, auto-numbered)", r"INTEGER PRIMARY KEY",
     "`BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY`"),
    ("`AUTOINCREMENT`", r"AUTOINCREMENT", "identity column"),
    ("`rowid` (insertion order)", r"\browid\b", "the identity column"),
    ("`IS NOT` as null-safe `<>`", r"\bIS NOT (?!NULL)", "`IS DISTINCT FROM`"),
    ("`strftime('%Y-%m-%dT%H:%M:%fZ', 'now')`", r"strftime\(",
     "`to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"')`"),
    ("`substr(`", r"(?<![.\w])substr\(", "`substr(` (same)"),
    ("`length(`", r"(?<![.\w])length\(", ""),
    ("`coalesce(`", r"\bcoalesce\(", ""),
    ("`json_each(`/`json_extract(`", r"\bjson_(?:each|extract)\(",
     "`jsonb_each_text(`/`->>`"),
    ("`pragma_table_info(`", r"pragma_table_info\(", "`information_schema.columns`"),
    ("`upper(`", r"(?<![.\w])upper\(", ""),
    ("`sqlite_master`", r"sqlite_master", "`information_schema.tables` (only legacy/device code)"),
    ("`ATTACH DATABASE` (device pull)", r"ATTACH DATABASE", "n/a: device only"),
    ("`SAVEPOINT`/`RELEASE`/`ROLLBACK TO`", r"\bSAVEPOINT\b|\bRELEASE\b|ROLLBACK TO", ""),
    ("`BEGIN IMMEDIATE` (SqliteConnection::begin)", r"BEGIN IMMEDIATE",
     "`BEGIN` + `LOCK`/`SERIALIZABLE` in PgConnection::begin"),
    ("`PRAGMA …`", r"PRAGMA \w+", "connection settings of the backend"),
    ("`VACUUM`", r"\bVACUUM\b", "n/a (server_database.cpp, SQLite only)"),
    ("`LIMIT ?`", r"\bLIMIT\b", ""),
    ("`UNION`", r"\bUNION\b", ""),
    ("`WITH … AS (` (CTE)", r"\bWITH (?:RECURSIVE )?\w+(?:\([^)]*\))? AS \(", ""),
    ("`CASE WHEN`", r"\bCASE WHEN\b", ""),
    ("`count(`/`sum(`/`total(`", r"(?<![.\w])(?:count|sum|total)\(", "`total(` → `coalesce(sum(…), 0)`"),
    ("`CREATE TABLE IF NOT EXISTS`", r"CREATE TABLE IF NOT EXISTS", ""),
]

# Constructs a port would also have to handle, checked to be absent (printed with their count).
ABSENT = [
    ("datetime(", r"\bdatetime\("), ("julianday(", r"\bjulianday\("),
    ("group_concat(", r"group_concat\("), ("printf(", r"(?<![.\w])printf\("),
    ("ifnull(", r"\bifnull\("), ("instr(", r"(?<![.\w])instr\("), ("GLOB", r"\bGLOB\b"),
    ("COLLATE", r"\bCOLLATE\b"), ("RETURNING", r"\bRETURNING\b"),
    ("WITHOUT ROWID", r"WITHOUT ROWID"), ("typeof(", r"\btypeof\("),
    ("randomblob(", r"randomblob\("), ("scalar max(a, b)/min(a, b)", r"\b(?:max|min)\([^()]*,[^()]*\)"),
]


def literals(text):
    raw = re.findall(r'R"(\w*)\((.*?)\)\1"', text, flags=re.S)
    rest = re.sub(r'R"(\w*)\((.*?)\)\1"', "", text, flags=re.S)
    plain = re.findall(r'"((?:[^"\\\n]|\\.)*)"', rest)
    return "\n".join([body for _, body in raw] + [" ".join(plain)])


def main():
    sources = {f: literals(open(f, encoding="utf-8").read()) for f in FILES}
    print("| construct | uses | files | most in | PostgreSQL |")
    print("|---|---|---|---|---|")
    for name, pattern, postgres in CONSTRUCTS:
        per = collections.Counter()
        for f, text in sources.items():
            n = len(re.findall(pattern, text, flags=re.S))
            if n:
                per[f.split("/")[-1]] += n
        top = ", ".join(f"{f} {n}" for f, n in per.most_common(3))
        print(f"| {name} | {sum(per.values())} | {len(per)} | {top} | {postgres} |")
    pragmas = collections.Counter()
    for f, text in sources.items():
        for m in re.findall(r"PRAGMA (\w+)", text):
            pragmas[f"{m} ({f.split('/')[-1]})"] += 1
    print()
    print("PRAGMAs: " + ", ".join(sorted(pragmas)))
    absent = []
    for name, pattern in ABSENT:
        n = sum(len(re.findall(pattern, text)) for text in sources.values())
        absent.append(f"{name} {n}")
    print("Absent (count): " + ", ".join(absent))


if __name__ == "__main__":
    main()
