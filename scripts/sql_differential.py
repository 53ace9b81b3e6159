#!/usr/bin/env python3
"""Differential test of `cairn query` against DuckDB: generated single-table queries over the tables of a
repository (exported to Parquet, so both engines read the same rows) run on both, and the results must
match — as multisets, or in order when the query orders by every output column; floats within 1e-9
relative. A query DuckDB refuses must be refused by cairn too.

usage: sql_differential.py CAIRN REPO PARQUET_DIR COUNT SEED  → prints a JSON report on stdout
"""
import json, math, os, random, subprocess, sys, tempfile
from decimal import Decimal

import duckdb
import pyarrow.parquet as pq

cairn, repo, tables_dir, count, seed = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), int(sys.argv[5])
rng = random.Random(seed)

db = duckdb.connect()
# DuckDB has no LOG1P; cairn's is ln(1 + x), as documented.
db.execute("CREATE MACRO log1p(x) AS ln(1 + x)")
tables = {}
for file in sorted(os.listdir(tables_dir)):
    name = file[: -len(".parquet")]
    path = os.path.join(tables_dir, file)
    db.execute(f"CREATE VIEW {name} AS SELECT * FROM read_parquet('{path}')")
    columns = {}
    for field in pq.read_schema(path):
        t = str(field.type)
        kind = "bool" if t == "bool" else "string" if t in ("string", "large_string") else \
            "float" if t.startswith(("float", "double", "halffloat")) else "int" if "int" in t else None
        if kind:
            columns[field.name] = kind
    tables[name] = columns


def q(name):
    return '"' + name.replace('"', '""') + '"'


class Gen:
    def __init__(self, table):
        self.table = table
        self.cols = tables[table]

    def of(self, kind):
        return [c for c, k in self.cols.items() if k == kind]

    def num(self, depth=0):
        ints, floats = self.of("int"), self.of("float")
        choices = ["col", "lit"] + (["op", "func", "case", "cast", "coalesce", "length"] if depth < 2 else [])
        c = rng.choice(choices)
        if c == "col" and (ints or floats):
            return q(rng.choice(ints + floats))
        if c == "op":
            return f"({self.num(depth + 1)} {rng.choice(['+', '-', '*', '/', '//', '%'])} {self.num(depth + 1)})"
        if c == "func":
            f = rng.choice(["abs", "round", "round2", "ln", "log10", "log1p", "sqrt", "exp"])
            x = self.num(depth + 1)
            if f == "round2":
                return f"round({x}, {rng.randint(0, 2)})"
            if f == "exp":
                return f"exp(({x}) / 1000.0)"
            return f"{f}({x})"
        if c == "case":
            return f"CASE WHEN {self.pred(depth + 1)} THEN {self.num(depth + 1)} ELSE {self.num(depth + 1)} END"
        if c == "cast":
            return f"CAST({self.num(depth + 1)} AS {rng.choice(['DOUBLE', 'BIGINT', 'INTEGER'])})"
        if c == "coalesce":
            return f"coalesce({self.num(depth + 1)}, {self.num(depth + 1)})"
        if c == "length" and self.of("string"):
            return f"length({self.string(depth + 1)})"
        # Decimal literals are DOUBLE in cairn and DECIMAL in DuckDB (exact sums, other result types):
        # spelled as doubles so both engines compute the same thing.
        return rng.choice(["0", "1", "2", "3", "-1", "7", "100", "0.5::DOUBLE", "2.5::DOUBLE", "-3.25::DOUBLE", "1e3", "NULL"])

    def string(self, depth=0):
        strings = self.of("string")
        c = rng.choice(["col", "col", "lit"] + (["lower", "upper", "substr", "concat", "coalesce", "case"] if depth < 2 else []))
        if c == "col" and strings:
            return q(rng.choice(strings))
        if c in ("lower", "upper"):
            return f"{c}({self.string(depth + 1)})"
        if c == "substr":
            args = [self.string(depth + 1), str(rng.randint(-3, 4))] + ([str(rng.randint(0, 4))] if rng.random() < 0.6 else [])
            return f"substr({', '.join(args)})"
        if c == "concat":
            return f"({self.string(depth + 1)} || {self.string(depth + 1)})"
        if c == "coalesce":
            return f"coalesce({self.string(depth + 1)}, 'none')"
        if c == "case":
            return f"CASE WHEN {self.pred(depth + 1)} THEN {self.string(depth + 1)} ELSE {self.string(depth + 1)} END"
        return rng.choice(["'B'", "'T'", "'NK'", "'d1'", "'x'", "''", "'é'", "NULL"])

    def pred(self, depth=0):
        choices = ["cmp_num", "cmp_str", "null", "in", "between", "like"] + (["and", "or", "not"] if depth < 2 else [])
        if self.of("bool"):
            choices.append("bool")
        c = rng.choice(choices)
        if c == "cmp_num":
            return f"{self.num(depth + 1)} {rng.choice(['=', '<>', '!=', '<', '<=', '>', '>='])} {self.num(depth + 1)}"
        if c == "cmp_str":
            return f"{self.string(depth + 1)} {rng.choice(['=', '<>', '<', '>='])} {self.string(depth + 1)}"
        if c == "null":
            return f"{rng.choice([self.num, self.string])(depth + 1)} IS {rng.choice(['', 'NOT '])}NULL"
        if c == "in":
            if rng.random() < 0.5 and self.of("string"):
                items = ", ".join(rng.sample(["'B'", "'T'", "'NK'", "'d1'", "'d2'", "NULL", "'x'"], rng.randint(1, 4)))
                return f"{self.string(depth + 1)} {rng.choice(['IN', 'NOT IN'])} ({items})"
            items = ", ".join(rng.sample(["0", "1", "2", "5", "17", "NULL", "2.5::DOUBLE", "-1"], rng.randint(1, 4)))
            return f"{self.num(depth + 1)} {rng.choice(['IN', 'NOT IN'])} ({items})"
        if c == "between":
            return f"{self.num(depth + 1)} {rng.choice(['', 'NOT '])}BETWEEN {self.num(depth + 1)} AND {self.num(depth + 1)}"
        if c == "like":
            pattern = rng.choice(["'%a%'", "'B%'", "'_'", "'%'", "'d_'", "'%é%'", "'a%label%'", "'T'"])
            return f"{self.string(depth + 1)} {rng.choice(['', 'NOT '])}{rng.choice(['LIKE', 'ILIKE'])} {pattern}"
        if c == "and":
            return f"({self.pred(depth + 1)} AND {self.pred(depth + 1)})"
        if c == "or":
            return f"({self.pred(depth + 1)} OR {self.pred(depth + 1)})"
        if c == "not":
            return f"NOT ({self.pred(depth + 1)})"
        return q(rng.choice(self.of("bool")))

    def value(self, depth=0):
        return rng.choice([self.num, self.num, self.string])(depth)

    def aggregate(self):
        f = rng.choice(["count(*)", "count", "count_distinct", "sum", "avg", "min", "max", "stddev", "variance",
                        "median", "quantile", "min_str", "max_str", "count_str"])
        if f == "count(*)":
            return "count(*)"
        if f == "count_distinct":
            return f"count(DISTINCT {self.value(1)})"
        if f in ("min_str", "max_str", "count_str") and self.of("string"):
            return f"{f[:-4]}({self.string(1)})"
        x = self.num(1)
        if f == "quantile":
            return f"quantile({x}, {rng.choice(['0.1', '0.25', '0.5', '0.9'])})"
        if f in ("min_str", "max_str", "count_str"):
            f = f[:-4]
        return f"{f}({x})"

    def key(self):
        candidates = self.of("string") + self.of("bool") + self.of("int")
        return q(rng.choice(candidates)) if candidates and rng.random() < 0.8 else self.value(1)


def generate():
    """One query and whether its row order is fully determined (ORDER BY covers every output column)."""
    table = rng.choice(list(tables))
    g = Gen(table)
    shape = rng.choice(["project", "project", "distinct", "group", "group", "global"])
    where = f" WHERE {g.pred()}" if rng.random() < 0.7 else ""
    if shape in ("project", "distinct"):
        n = rng.randint(1, 3)
        exprs = [g.value() for _ in range(n)]
        select = ", ".join(f"{e} AS c{i}" for i, e in enumerate(exprs))
        ordered = rng.random() < 0.5
        order = ""
        if ordered:
            order = " ORDER BY " + ", ".join(
                f"{i + 1} {rng.choice(['ASC', 'DESC'])}{rng.choice(['', ' NULLS FIRST', ' NULLS LAST'])}" for i in range(n))
        limit = ""
        if ordered and rng.random() < 0.5:
            limit = f" LIMIT {rng.randint(0, 20)}" + (f" OFFSET {rng.randint(0, 10)}" if rng.random() < 0.4 else "")
        distinct = "DISTINCT " if shape == "distinct" else ""
        return f"SELECT {distinct}{select} FROM {table}{where}{order}{limit}", ordered
    if shape == "group":
        nkeys = rng.randint(1, 2)
        keys = [g.key() for _ in range(nkeys)]
        aggs = [g.aggregate() for _ in range(rng.randint(1, 3))]
        select = ", ".join([f"{k} AS k{i}" for i, k in enumerate(keys)] + [f"{a} AS a{i}" for i, a in enumerate(aggs)])
        having = f" HAVING {rng.choice(['count(*) > 1', 'count(*) >= 2 OR min(1) = 1', aggs[0] + ' IS NOT NULL'])}" \
            if rng.random() < 0.3 else ""
        ordered = rng.random() < 0.5
        order = " ORDER BY " + ", ".join(str(i + 1) for i in range(nkeys)) if ordered else ""
        # Keys are unique per group, so ordering by all of them fixes the order of whole rows.
        return f"SELECT {select} FROM {table}{where} GROUP BY {', '.join(keys)}{having}{order}", ordered
    aggs = [g.aggregate() for _ in range(rng.randint(1, 4))]
    return f"SELECT {', '.join(aggs)} FROM {table}{where}", True


def normal(v):
    return float(v) if isinstance(v, Decimal) else v


def same(a, b):
    a, b = normal(a), normal(b)
    if a is None or b is None:
        return a is None and b is None
    if isinstance(a, bool) or isinstance(b, bool):
        return a == b and isinstance(a, bool) == isinstance(b, bool)
    if isinstance(a, (int, float)) and isinstance(b, (int, float)):
        if isinstance(a, float) and math.isnan(a) or isinstance(b, float) and math.isnan(b):
            return isinstance(a, float) and isinstance(b, float) and math.isnan(a) and math.isnan(b)
        if a == b:
            return True
        return abs(a - b) <= 1e-9 * max(1.0, abs(a), abs(b))
    return a == b


def sort_key(row):
    def k(v):
        v = normal(v)
        if v is None:
            return (0, "")
        if isinstance(v, bool):
            return (1, str(v))
        if isinstance(v, (int, float)):
            return (2, "nan" if v != v else f"{float(v):.10g}")
        return (3, str(v))
    return tuple(k(v) for v in row)


def rows_match(expected, got, ordered):
    if len(expected) != len(got):
        return False
    if not ordered:
        expected, got = sorted(expected, key=sort_key), sorted(got, key=sort_key)
    return all(len(x) == len(y) and all(same(a, b) for a, b in zip(x, y)) for x, y in zip(expected, got))


report = {"queries": 0, "both_ok": 0, "both_error": 0, "mismatches": []}
out = os.path.join(tempfile.mkdtemp(), "result.parquet")
for _ in range(count):
    sql, ordered = generate()
    report["queries"] += 1
    try:
        expected = [tuple(r) for r in db.execute(sql).fetchall()]
        expected_error = None
    except duckdb.Error as e:
        expected, expected_error = None, str(e).splitlines()[0]
    if os.path.exists(out):
        os.remove(out)
    run = subprocess.run([cairn, "-C", repo, "query", "--format", "parquet", "-o", out, sql], capture_output=True, text=True)
    if expected_error is not None:
        if run.returncode != 0:
            report["both_error"] += 1
        else:
            report["mismatches"].append({"sql": sql, "duckdb_error": expected_error, "cairn": "succeeded"})
        continue
    if run.returncode != 0:
        report["mismatches"].append({"sql": sql, "cairn_error": run.stderr.strip()[-500:]})
        continue
    got = [tuple(r.values()) for r in pq.read_table(out).to_pylist()]
    if rows_match(expected, got, ordered):
        report["both_ok"] += 1
    else:
        report["mismatches"].append({"sql": sql, "duckdb": repr(expected[:5]), "cairn": repr(got[:5]),
                                     "rows": [len(expected), len(got)]})
print(json.dumps(report, indent=1, default=str))
