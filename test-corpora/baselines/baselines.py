#!/usr/bin/env python3
"""The evaluation's three baselines as a user would prototype them: plain Python and numpy.

Reads a contract-v1 JSONL file (plain or .gz), one json.loads per line, and runs on each event,
in file order (event-time order for a generated corpus):

- rate limit: requests per key in a sliding hour of event time; a key is flagged when its busiest
  hour reaches --rate-limit;
- PRADA (Juuti et al. 2019): per client, the minimum L2 distance of each new query to the client's
  growing set G of admitted queries (hashed character 3-gram vectors of the normalised user text,
  256 dimensions); a query joins G when that distance exceeds T = mean - std of the distances of
  the queries admitted so far (T never decreases); once 100 or more distances are pooled, those
  beyond 3 standard deviations are removed and scipy.stats.shapiro tests the rest; a client is
  flagged when its latest W is below --delta;
- SEAT-style (Zhang et al. 2021): MinHash signatures (64 slots, word bigrams) of the prompt with
  numbers, ids, quotes, URLs and code masked; a query counts as similar when an earlier query of
  the same client has an estimated Jaccard similarity of 0.5 or more; a client is flagged when it
  has --seat-similar similar queries.

Parameters are those of the Java baselines in test-corpora (dev.quarry.corpora.eval): G keeps the
last 128 admitted queries, the pool the last 256 distances, W is re-run every 4 pooled distances,
a minimum distance under 0.01 is an exact repeat and is not pooled. PRADA looks at the first
--prada-max-events events of each client (default 1,500; 0: all).

Prints the flagged clients of each baseline, then the wall time from the script's first line
(numpy and scipy imports included; time the whole process with /usr/bin/time) and events/s. Usage: python3 baselines.py EVENTS.jsonl[.gz] [--rate-limit N] [--delta W]
[--seat-similar N] [--prada-max-events N]
"""

import time

STARTED = time.perf_counter()

import argparse  # noqa: E402
import collections  # noqa: E402
import datetime  # noqa: E402
import gzip  # noqa: E402
import json  # noqa: E402
import re  # noqa: E402
import sys  # noqa: E402
import unicodedata  # noqa: E402
import zlib  # noqa: E402

import numpy as np  # noqa: E402
from scipy import stats  # noqa: E402

HOUR_MS = 3_600_000
DIMS = 256
GROWING_SET = 128
MAX_DISTANCES = 256
MIN_DISTANCES = 100
TEST_EVERY = 4
REPEAT_DISTANCE = 0.01
SLOTS = 64
SIMILARITY = 0.5

MASKS = [
    (re.compile(r"```.*?(```|$)", re.S), "<code>"),
    (re.compile(r"\b(?:https?|ftp)://\S+"), "<url>"),
    (re.compile(r"\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b"), "<email>"),
    (re.compile("\"[^\"\\n]{1,200}\"|\u201c[^\u201d\\n]{1,200}\u201d|'[^'\\n]{2,200}'|`[^`\\n]{1,200}`"), "<q>"),
    (re.compile(r"\b(?=[0-9a-f_-]*\d)[0-9a-f_-]{12,}\b"), "<id>"),
    (re.compile(r"[-+]?\d[\d,]*(?:\.\d+)?(?:e[-+]?\d+)?%?"), "<num>"),
]
rng = np.random.default_rng(0x51A277E5)
SEEDS = rng.integers(1, 2**63, size=SLOTS, dtype=np.uint64)
MULT = np.uint64(0x9E3779B97F4A7C15)


def user_text(request):
    messages = request.get("messages")
    if messages:
        for m in reversed(messages):
            if m.get("role") == "user":
                return m.get("content") or ""
        return messages[-1].get("content") or ""
    return request.get("prompt") or ""


def normalise(text):
    """NFKC, lower case, whitespace runs to one space (Quarry also drops control characters)."""
    return " ".join(unicodedata.normalize("NFKC", text).lower().split())


def trigram_vector(text):
    """Hashed, signed character 3-grams of ' text ', L2-normalised; the zero vector for ''."""
    if not text:
        return np.zeros(DIMS, dtype=np.float32)
    codes = np.frombuffer((" " + text + " ").encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
    h = (codes[:-2] * MULT) ^ (codes[1:-1] * np.uint64(0xC2B2AE3D27D4EB4F)) ^ (codes[2:] * np.uint64(0x165667B19E3779F9))
    h ^= h >> np.uint64(31)
    h *= MULT
    slots = (h % np.uint64(DIMS)).astype(np.int64)
    signs = np.where(h >> np.uint64(63), -1.0, 1.0)
    v = np.bincount(slots, weights=signs, minlength=DIMS).astype(np.float32)
    norm = np.linalg.norm(v)
    return v / norm if norm > 0 else v


def skeleton(text):
    for pattern, mask in MASKS:
        text = pattern.sub(mask, text[:4096])
    return text


def minhash(text):
    words = text.split()
    shingles = [a + " " + b for a, b in zip(words, words[1:])] if len(words) > 1 else words
    if not shingles:
        return np.full(SLOTS, np.iinfo(np.uint64).max, dtype=np.uint64)
    h = np.array([zlib.crc32(s.encode()) for s in shingles], dtype=np.uint64)
    mixed = (h[None, :] ^ SEEDS[:, None]) * MULT
    mixed ^= mixed >> np.uint64(29)
    return mixed.min(axis=1)


class Prada:
    def __init__(self):
        self.growing = np.zeros((GROWING_SET, DIMS), dtype=np.float32)
        self.size = 0
        self.next = 0
        self.pool = collections.deque(maxlen=MAX_DISTANCES)
        self.pooled = 0
        self.admitted = []
        self.threshold = 0.0
        self.w = None
        self.seen = 0

    def add(self, v):
        self.growing[self.next] = v
        self.next = (self.next + 1) % GROWING_SET
        self.size = min(self.size + 1, GROWING_SET)

    def query(self, v):
        self.seen += 1
        if self.size == 0:
            self.add(v)
            self.admitted.append(0.0)
            return
        d = float(np.linalg.norm(self.growing[:self.size] - v, axis=1).min())
        if d >= REPEAT_DISTANCE:
            self.pool.append(d)
            self.pooled += 1
            if d > self.threshold:
                self.add(v)
                self.admitted.append(d)
                self.threshold = max(self.threshold, float(np.mean(self.admitted) - np.std(self.admitted)))
        if self.pooled % TEST_EVERY == 0 and len(self.pool) >= MIN_DISTANCES:
            x = np.array(self.pool)
            x = x[np.abs(x - x.mean()) < 3 * x.std()] if x.std() > 0 else x
            if len(x) >= MIN_DISTANCES:
                self.w = 1.0 if x.min() == x.max() else float(stats.shapiro(x).statistic)


class Seat:
    def __init__(self):
        self.exact = set()
        self.signatures = np.zeros((16, SLOTS), dtype=np.uint64)
        self.count = 0
        self.similar = 0

    def query(self, sig):
        key = sig.tobytes()
        if key in self.exact:
            self.similar += 1
            return
        self.exact.add(key)
        if self.count and ((self.signatures[:self.count] == sig).mean(axis=1) >= SIMILARITY).any():
            self.similar += 1
        if self.count == len(self.signatures):
            self.signatures = np.concatenate([self.signatures, np.zeros_like(self.signatures)])
        self.signatures[self.count] = sig
        self.count += 1


def millis(ts):
    return int(datetime.datetime.fromisoformat(ts).timestamp() * 1000)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("events", help="contract-v1 JSON lines, plain or .gz")
    ap.add_argument("--rate-limit", type=int, default=3000, help="requests in a sliding hour (default 3000)")
    ap.add_argument("--delta", type=float, default=0.9, help="PRADA flags W below this (default 0.9)")
    ap.add_argument("--seat-similar", type=int, default=5000, help="similar queries that flag (default 5000)")
    ap.add_argument("--prada-max-events", type=int, default=1500, help="events per client PRADA sees (default 1500; 0: all)")
    args = ap.parse_args()

    windows = collections.defaultdict(collections.deque)
    busiest = collections.Counter()
    prada = collections.defaultdict(Prada)
    seat = collections.defaultdict(Seat)
    events = invalid = 0
    opener = gzip.open if args.events.endswith(".gz") else open
    with opener(args.events, "rt", encoding="utf-8") as f:
        for line in f:
            if not line.strip():
                continue
            try:
                e = json.loads(line)
                client, ts, request = e["client_id"], millis(e["ts"]), e["request"]
            except (ValueError, KeyError, TypeError):
                invalid += 1
                continue
            events += 1
            w = windows[client]
            while w and w[0] <= ts - HOUR_MS:
                w.popleft()
            w.append(ts)
            busiest[client] = max(busiest[client], len(w))
            text = normalise(user_text(request))
            p = prada[client]
            if args.prada_max_events <= 0 or p.seen < args.prada_max_events:
                p.query(trigram_vector(text))
            seat[client].query(minhash(skeleton(text)))

    flagged = {
        "rate_limit": sorted(c for c, n in busiest.items() if n >= args.rate_limit),
        "prada": sorted(c for c, p in prada.items() if p.w is not None and p.w < args.delta),
        "seat": sorted(c for c, s in seat.items() if s.similar >= args.seat_similar),
    }
    for name, clients in flagged.items():
        print(f"{name}: {len(clients)} of {len(busiest)} clients flagged")
        for c in clients:
            print(f"  {c}")
    wall = time.perf_counter() - STARTED
    print(f"events {events:,} (invalid lines {invalid:,}), wall time {wall:.1f} s, {events / wall:,.0f} events/s")


if __name__ == "__main__":
    sys.exit(main())
