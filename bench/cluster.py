#!/usr/bin/env python3
"""The multi-node checks of issue #17, run by `bench/cluster` (which builds, starts PostgreSQL and calls this).

Three release nodes on one PostgreSQL behind nginx (deploy/nginx.conf, upstreams written by deploy/upstreams):

1. live updates: a page's event stream served by node A hears a change recorded on node C (and through nginx);
2. background work runs once: decision deadlines and webhook deliveries while node B is killed mid-run, counted from
   the ledger, the outbox table and the receiver; checkpoints served by every node agree byte for byte;
3. rolling restart: each node drained, stopped and started again under steady reads and writes through nginx —
   failed requests and acknowledged writes missing afterwards are counted;
4. one node against three: the overview page and a check-in through nginx with wrk.

Prints the figures and writes them to bench/results/cluster.md. Standard library only.
"""
import argparse
import http.client
import http.server
import json
import os
import re
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
import uuid
from datetime import datetime, timedelta, timezone

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def log(message):
    print(f"cluster: {message}", file=sys.stderr, flush=True)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Client:
    """One keep-alive HTTP connection to one address; reconnects once when the connection was closed under it."""

    def __init__(self, port, token=None, cookie=None, timeout=10):
        self.port, self.token, self.cookie, self.timeout = port, token, cookie, timeout
        self.connection = None

    def request(self, method, path, body=None, headers=None):
        all_headers = dict(headers or {})
        if self.token:
            all_headers["Authorization"] = "Bearer " + self.token
        if self.cookie:
            all_headers["Cookie"] = self.cookie
        data = None
        if body is not None:
            data = json.dumps(body).encode()
            all_headers["Content-Type"] = "application/json"
        for attempt in (1, 2):
            if self.connection is None:
                self.connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=self.timeout)
            try:
                self.connection.request(method, path, body=data, headers=all_headers)
                response = self.connection.getresponse()
                payload = response.read()
                return response.status, payload
            except (http.client.RemoteDisconnected, BrokenPipeError, ConnectionResetError, http.client.BadStatusLine) as error:
                self.connection.close()
                self.connection = None
                # Only a connection that died before the request went out may be retried: a GET, always; a POST
                # never by this client (the measurement counts it as failed rather than risk recording it twice).
                if attempt == 2 or method != "GET":
                    raise error

    def json(self, method, path, body=None, expect=(200, 201)):
        status, payload = self.request(method, path, body)
        if status not in expect:
            raise RuntimeError(f"{method} {path}: {status} {payload[:300]!r}")
        return json.loads(payload) if payload else None


class Cluster:
    def __init__(self, args):
        self.args = args
        self.binary = args.binary
        self.data = args.data
        self.ports = [free_port() for _ in range(3)]
        self.names = ["A", "B", "C"]
        self.nodes = {}  # name -> Popen
        self.proxy_port = free_port()
        self.env = dict(os.environ)
        self.env.update({
            "DATABASE_URL": args.database_url,
            # One directory holds the key files every node must share (the ledger's signing key, the webhook secrets' key).
            "COVENTURE_DATA_DIR": os.path.join(self.data, "keys"),
            "COVENTURE_ENV": "production",
            "COVENTURE_TRUSTED_PROXIES": "127.0.0.1",
            "COVENTURE_WEBHOOK_ALLOW_PRIVATE": "1",
            "COVENTURE_SWEEP_SECONDS": "2",
            "COVENTURE_CHECKPOINT_SECONDS": "1",
            "COVENTURE_PUBLIC_DIR": os.path.join(ROOT, "Public") + "/",
        })

    # --- processes ----------------------------------------------------------------------------------------------

    def run(self, *arguments):
        return subprocess.run([self.binary, *arguments], env=self.env, check=True, capture_output=True, text=True).stdout

    def start(self, name):
        port = self.ports[self.names.index(name)]
        out = open(os.path.join(self.data, f"node-{name}.log"), "a")
        self.nodes[name] = subprocess.Popen(
            [self.binary, "serve", "--no-demo", "--hostname", "127.0.0.1", "--port", str(port)],
            env=self.env, stdout=out, stderr=subprocess.STDOUT)
        try:
            self.wait_healthy(port, process=self.nodes[name])
        except RuntimeError:
            out.flush()
            with open(os.path.join(self.data, f"node-{name}.log")) as f:
                log(f"node {name}'s log ends:\n" + "".join(f.readlines()[-15:]))
            raise

    def wait_healthy(self, port, seconds=300, process=None):
        deadline = time.time() + seconds
        while time.time() < deadline:
            if process is not None and process.poll() is not None:
                raise RuntimeError(f"the node on port {port} exited ({process.returncode})")
            try:
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
                connection.request("GET", "/healthz")
                if connection.getresponse().status == 200:
                    return
            except OSError:
                pass
            time.sleep(0.1)
        raise RuntimeError(f"the node on port {port} did not become healthy")

    def stop(self, name, sig=signal.SIGTERM):
        process = self.nodes.pop(name)
        process.send_signal(sig)
        process.wait(timeout=60)

    def address(self, name):
        return f"127.0.0.1:{self.ports[self.names.index(name)]}"

    def upstreams(self, nodes=None, drain=()):
        """Writes nginx's node list with deploy/upstreams (the production script) and reloads nginx."""
        command = [os.path.join(ROOT, "deploy", "upstreams"), "--out", self.upstream_file]
        for name in drain:
            command += ["--drain", self.address(name)]
        command += [self.address(n) for n in (nodes or self.names)]
        env = dict(os.environ, NGINX_RELOAD=f"nginx -p {self.data}/nginx -c {self.data}/nginx/nginx.conf -s reload")
        subprocess.run(command, env=env, check=True)
        time.sleep(0.5)  # the reload is asynchronous: old workers finish their requests, new ones take the list

    def start_proxy(self):
        directory = os.path.join(self.data, "nginx")
        os.makedirs(directory, exist_ok=True)
        self.upstream_file = os.path.join(directory, "upstreams.conf")
        site = open(os.path.join(ROOT, "deploy", "nginx.conf")).read()
        site = site.replace("/etc/nginx/coventure-upstreams.conf", self.upstream_file)
        site = site.replace("listen 80;", f"listen 127.0.0.1:{self.proxy_port};")
        with open(os.path.join(directory, "coventure.conf"), "w") as f:
            f.write(site)
        with open(os.path.join(directory, "nginx.conf"), "w") as f:
            f.write(f"""worker_processes 1;
pid {directory}/nginx.pid;
error_log {directory}/error.log warn;
events {{ worker_connections 4096; }}
http {{
    access_log off;
    client_body_temp_path {directory}/body;
    proxy_temp_path {directory}/proxy;
    fastcgi_temp_path {directory}/fastcgi;
    uwsgi_temp_path {directory}/uwsgi;
    scgi_temp_path {directory}/scgi;
    include {directory}/coventure.conf;
}}
""")
        # A first list before nginx starts (it refuses a config whose include is missing); no reload yet.
        subprocess.run([os.path.join(ROOT, "deploy", "upstreams"), "--out", self.upstream_file,
                        *[self.address(n) for n in self.names]], env=dict(os.environ, NGINX_RELOAD="true"), check=True)
        subprocess.run(["nginx", "-p", directory, "-c", f"{directory}/nginx.conf"], check=True)
        self.wait_healthy(self.proxy_port)

    def stop_all(self):
        for name in list(self.nodes):
            try:
                self.stop(name)
            except Exception:
                self.nodes.get(name) and self.nodes[name].kill()
        subprocess.run(["nginx", "-p", f"{self.data}/nginx", "-c", f"{self.data}/nginx/nginx.conf", "-s", "quit"],
                       capture_output=True)

    # --- the database, read directly for the counts ---------------------------------------------------------------

    def sql(self, query):
        out = subprocess.run(["psql", self.args.database_url, "-At", "-F", "\t", "-c", query],
                             check=True, capture_output=True, text=True).stdout
        return [line.split("\t") for line in out.splitlines() if line]


def sign_in(port, email, password):
    """A signed-in browser session on one address: its Cookie header."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    connection.request("GET", "/sign-in")
    response = connection.getresponse()
    page = response.read().decode()
    cookies = {}
    for header, value in response.getheaders():
        if header.lower() == "set-cookie":
            name, _, rest = value.partition("=")
            cookies[name] = rest.split(";")[0]
    csrf = re.search(r'name="_csrf" value="([^"]+)"', page).group(1)
    body = urllib.parse.urlencode({"email": email, "password": password, "_csrf": csrf})
    connection.request("POST", "/sign-in", body=body, headers={
        "Content-Type": "application/x-www-form-urlencoded",
        "Cookie": "; ".join(f"{k}={v}" for k, v in cookies.items())})
    response = connection.getresponse()
    response.read()
    for header, value in response.getheaders():
        if header.lower() == "set-cookie":
            name, _, rest = value.partition("=")
            cookies[name] = rest.split(";")[0]
    if response.status != 303:
        raise RuntimeError(f"sign-in answered {response.status}")
    return "; ".join(f"{k}={v}" for k, v in cookies.items())


class Stream:
    """An open event stream (`GET /initiatives/{id}/live`): a thread notes when each event arrives."""

    def __init__(self, port, initiative, cookie):
        self.events = []  # (size, arrival time)
        self.ready = threading.Event()
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        self.connection.request("GET", f"/initiatives/{initiative}/live",
                                headers={"Cookie": cookie, "Accept": "text/event-stream"})
        self.response = self.connection.getresponse()
        if self.response.status != 200:
            raise RuntimeError(f"the live stream answered {self.response.status}")
        self.thread = threading.Thread(target=self.read, daemon=True)
        self.thread.start()

    def read(self):
        try:
            while True:
                line = self.response.fp.readline()
                if not line:
                    return
                line = line.decode().strip()
                if line.startswith("retry:"):
                    self.ready.set()
                if line.startswith("data:"):
                    self.events.append((json.loads(line[5:])["size"], time.monotonic()))
        except (OSError, ValueError):
            return

    def close(self):
        try:
            self.connection.sock.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
        self.connection.close()


def checkin_body(n, note="Cluster check-in."):
    return {"value": 100 + n % 300, "confidence": "onTrack", "narrative": note}


def check_live(cluster, ctx):
    """A change recorded on node C reaches a stream served by node A; and through nginx, whichever nodes serve."""
    results = {}
    for label, read_port, write_port in (("node A's stream, change on node C", cluster.ports[0], cluster.ports[2]),
                                         ("through nginx (any node to any node)", cluster.proxy_port, cluster.proxy_port)):
        cookie = sign_in(read_port, ctx["email"], ctx["password"])
        stream = Stream(read_port, ctx["initiative"], cookie)
        stream.ready.wait(10)
        writer = Client(write_port, token=ctx["token"])
        delays = []
        for n in range(20):
            before = len(stream.events)
            started = time.monotonic()
            writer.json("POST", f"/api/v1/key-results/{ctx['kr']}/check-ins", checkin_body(n))
            deadline = started + 5
            while len(stream.events) == before and time.monotonic() < deadline:
                time.sleep(0.002)
            delays.append(stream.events[-1][1] - started if len(stream.events) > before else float("inf"))
            time.sleep(0.2)
        stream.close()
        results[label] = delays
        log(f"live, {label}: median {statistics.median(delays) * 1000:.0f} ms, max {max(delays) * 1000:.0f} ms")
    return results


class Receiver(http.server.ThreadingHTTPServer):
    """The webhook endpoint: counts each `webhook-id` it receives."""

    def __init__(self):
        self.lock = threading.Lock()
        self.received = {}

        outer = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self):
                length = int(self.headers.get("Content-Length") or 0)
                self.rfile.read(length)
                with outer.lock:
                    key = self.headers.get("webhook-id")
                    outer.received[key] = outer.received.get(key, 0) + 1
                self.send_response(204)
                self.end_headers()

            def log_message(self, *args):
                pass

        super().__init__(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.serve_forever, daemon=True).start()


def check_jobs(cluster, ctx):
    """Background work runs once across the nodes, and goes on when one of them is killed mid-run."""
    api = Client(cluster.proxy_port, token=ctx["token"])
    receiver = Receiver()
    initiative = ctx["initiative"]
    api.json("POST", f"/api/v1/initiatives/{initiative}/webhooks",
             {"url": f"http://127.0.0.1:{receiver.server_address[1]}/hook", "eventTypes": ["checkIn.recorded", "decision.closed"]})
    # Each node keeps a log's subscriptions for up to 5 s: wait until every node sees the new endpoint.
    time.sleep(6)
    types = api.json("GET", f"/api/v1/initiatives/{initiative}/decision-types?limit=200")["items"]
    decision_type = next(t for t in types if t["voters"] == "members")
    closes = (datetime.now(timezone.utc) + timedelta(seconds=25)).replace(microsecond=0)
    decisions = []
    for n in range(12):
        decision = api.json("POST", f"/api/v1/initiatives/{initiative}/decisions", {
            "typeId": decision_type["id"], "title": f"Cluster decision {n}", "proposal": "Closed by whichever node sweeps.",
            "closesAt": closes.isoformat().replace("+00:00", "Z"), "open": True})
        decisions.append(decision["id"])
    first_seq = int(cluster.sql(f"SELECT size FROM ledger_heads WHERE log_id = '{initiative}'")[0][0])

    writes, failures = 0, 0
    killed_at = None
    clients = [Client(cluster.proxy_port, token=ctx["token"]) for _ in range(4)]
    stop = threading.Event()
    lock = threading.Lock()

    def write(client):
        nonlocal writes, failures
        n = 0
        while not stop.is_set():
            n += 1
            try:
                status, _ = client.request("POST", f"/api/v1/key-results/{ctx['kr']}/check-ins", checkin_body(n))
                with lock:
                    if status == 201:
                        writes += 1
                    else:
                        failures += 1
            except (OSError, http.client.HTTPException):
                with lock:
                    failures += 1
            time.sleep(0.02)

    threads = [threading.Thread(target=write, args=(c,)) for c in clients]
    for t in threads:
        t.start()
    time.sleep(8)
    # Killed without warning (SIGKILL): its leases and the deliveries it held are taken over once they run out.
    cluster.stop("B", signal.SIGKILL)
    killed_at = time.monotonic()
    log("node B killed mid-run")
    time.sleep(27)
    stop.set()
    for t in threads:
        t.join()
    writes_stopped = time.monotonic()
    cluster.upstreams(nodes=["A", "C"])  # B is gone: stop nginx trying it

    expected = None
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        pending = int(cluster.sql(f"SELECT COUNT(*) FROM webhook_messages WHERE log_id = '{initiative}' AND state = 'pending'")[0][0])
        closed = int(cluster.sql(
            "SELECT COUNT(*) FROM decisions WHERE status = 'closed' AND id IN (%s)" % ",".join(f"'{d}'" for d in decisions))[0][0])
        if pending == 0 and closed == len(decisions):
            break
        time.sleep(0.5)
    settled_after = time.monotonic() - writes_stopped
    # How late each deadline was acted on: the sweep runs every 2 s on whichever node holds its lease, and a lease
    # held by the killed node is taken over once it runs out (15 s).
    lateness = [float(x[0]) for x in cluster.sql(
        "SELECT EXTRACT(EPOCH FROM closed_at - closes_at) FROM decisions WHERE id IN (%s)" % ",".join(f"'{d}'" for d in decisions))]
    close_events = cluster.sql(
        "SELECT object_id, COUNT(*) FROM ledger_events WHERE action = 'decision.closed' AND object_id IN (%s) GROUP BY object_id"
        % ",".join(f"'{d}'" for d in decisions))
    closes_per_decision = sorted(int(c) for _, c in close_events)
    events = int(cluster.sql(
        f"SELECT COUNT(*) FROM ledger_events WHERE log_id = '{initiative}' AND seq > {first_seq} "
        "AND action IN ('checkIn.recorded', 'decision.closed')")[0][0])
    messages = cluster.sql(
        f"SELECT state, COUNT(*) FROM webhook_messages WHERE log_id = '{initiative}' GROUP BY state")
    with receiver.lock:
        distinct = len(receiver.received)
        repeats = sum(count - 1 for count in receiver.received.values())
    receiver.shutdown()
    # Every node serves the same checkpoint bytes for the log's current size.
    cluster.start("B")
    cluster.upstreams()
    time.sleep(3)
    notes = set()
    for port in cluster.ports:
        status, body = Client(port, token=ctx["token"]).request("GET", f"/api/v1/initiatives/{initiative}/ledger/checkpoint")
        notes.add(body)
    signed_twice = cluster.sql(
        "SELECT COUNT(*) FROM (SELECT log_id, size FROM ledger_checkpoints GROUP BY log_id, size HAVING COUNT(*) > 1) t")[0][0]
    result = {
        "decisions": len(decisions), "closes_per_decision": closes_per_decision,
        "checkins_acknowledged": writes, "failed_writes_while_killed": failures,
        "events_subscribed": events, "messages": dict((s, int(c)) for s, c in messages),
        "received_distinct": distinct, "received_repeats": repeats, "settled_after_writes_s": round(settled_after, 1),
        "deadline_kill_s": round(closes.timestamp() - time.time() + (time.monotonic() - killed_at), 1),
        "closed_late_s": (round(min(lateness), 1), round(max(lateness), 1)),
        "checkpoint_notes_served": len(notes), "checkpoint_sizes_signed_twice": int(signed_twice),
    }
    log(f"jobs: {result}")
    return result


def check_rolling_restart(cluster, ctx):
    """Each node in turn: drained from nginx, stopped (SIGTERM), started, back in — under reads and writes."""
    stop = threading.Event()
    lock = threading.Lock()
    counts = {"reads": 0, "writes": 0, "failed": 0, "retried": 0}
    failures = []
    acknowledged = []
    cookie = sign_in(cluster.proxy_port, ctx["email"], ctx["password"])

    def reader(kind):
        client = Client(cluster.proxy_port, token=ctx["token"] if kind == "json" else None,
                        cookie=cookie if kind == "page" else None)
        path = f"/initiatives/{ctx['initiative']}" if kind == "page" else f"/api/v1/initiatives/{ctx['initiative']}/okrs"
        while not stop.is_set():
            try:
                status, _ = client.request("GET", path)
                ok = status == 200
            except (OSError, http.client.HTTPException) as error:
                ok, status = False, repr(error)
            with lock:
                counts["reads"] += 1
                if not ok:
                    counts["failed"] += 1
                    failures.append(f"GET {path}: {status}")

    def writer(index):
        client = Client(cluster.proxy_port, token=ctx["token"])
        n = 0
        while not stop.is_set():
            n += 1
            note = f"roll-{index}-{n}-{uuid.uuid4()}"
            # As a careful client does: every POST carries an Idempotency-Key, and one whose connection broke before
            # any answer (nginx closes idle keep-alive connections when it reloads) is sent again, once, with the same
            # key — so it is recorded once whether or not the first attempt got through.
            headers = {"Idempotency-Key": str(uuid.uuid4())}
            path = f"/api/v1/key-results/{ctx['kr']}/check-ins"
            try:
                try:
                    status, body = client.request("POST", path, checkin_body(n, note), headers)
                except (OSError, http.client.HTTPException):
                    with lock:
                        counts["retried"] += 1
                    status, body = client.request("POST", path, checkin_body(n, note), headers)
                ok = status == 201
            except (OSError, http.client.HTTPException) as error:
                ok, status, body = False, repr(error), b""
            with lock:
                counts["writes"] += 1
                if ok:
                    acknowledged.append(json.loads(body)["id"])
                else:
                    counts["failed"] += 1
                    failures.append(f"POST check-in: {status}")
            time.sleep(0.01)

    threads = [threading.Thread(target=reader, args=(k,)) for k in ("page", "json")]
    threads += [threading.Thread(target=writer, args=(i,)) for i in range(2)]
    for t in threads:
        t.start()
    time.sleep(3)
    started = time.monotonic()
    for name in cluster.names:
        cluster.upstreams(drain=[name])
        time.sleep(1)  # what nginx had already sent the node finishes
        cluster.stop(name)  # SIGTERM: the node stops listening and finishes its requests
        cluster.start(name)
        cluster.upstreams()
        time.sleep(2)
    took = time.monotonic() - started
    time.sleep(2)
    stop.set()
    for t in threads:
        t.join()
    found = 0
    for chunk in range(0, len(acknowledged), 500):
        ids = ",".join(f"'{i}'" for i in acknowledged[chunk:chunk + 500])
        found += int(cluster.sql(f"SELECT COUNT(*) FROM check_ins WHERE id IN ({ids})")[0][0])
    # Every writer's note is unique: more rows than notes acknowledged would be a write recorded twice.
    rows = int(cluster.sql("SELECT COUNT(*) FROM check_ins WHERE narrative LIKE 'roll-%'")[0][0])
    result = dict(counts, acknowledged=len(acknowledged), lost=len(acknowledged) - found, recorded=rows, seconds=round(took, 1),
                  first_failures=failures[:5])
    log(f"rolling restart: {result}")
    return result


def wrk(url, header, seconds, lua=None, connections=8):
    script = os.path.join(os.environ.get("TMPDIR", "/tmp"), f"cluster-{uuid.uuid4()}.lua")
    with open(script, "w") as f:
        f.write(lua or "")
    out = subprocess.run(["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--latency", "-H", header, "-s", script, url],
                         capture_output=True, text=True, check=True).stdout
    os.unlink(script)
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    p99 = re.search(r"99%\s+(\S+)", out).group(1)
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return rate, p99, int(errors.group(1)) if errors else 0


def check_scaling(cluster, ctx):
    """The same reads and writes through nginx with one node in the upstream list, then with three."""
    cookie = sign_in(cluster.proxy_port, ctx["email"], ctx["password"])
    checkin = ('wrk.method = "POST"\nwrk.headers["Content-Type"] = "application/json"\n'
               'wrk.body = "{\\"value\\": 150, \\"confidence\\": \\"onTrack\\", \\"narrative\\": \\"Cluster check-in.\\"}"\n')
    rows = {}
    for label, nodes in (("1 node", ["A"]), ("3 nodes", cluster.names)):
        cluster.upstreams(nodes=nodes)
        base = f"http://127.0.0.1:{cluster.proxy_port}"
        rows[label] = {
            "overview page": wrk(f"{base}/initiatives/{ctx['initiative']}", f"Cookie: {cookie}", ctx["seconds"]),
            "OKR tree (JSON)": wrk(f"{base}/api/v1/initiatives/{ctx['initiative']}/okrs", f"Authorization: Bearer {ctx['token']}", ctx["seconds"]),
            "check-in (POST)": wrk(f"{base}/api/v1/key-results/{ctx['kr']}/check-ins", f"Authorization: Bearer {ctx['token']}",
                                   ctx["seconds"], checkin),
        }
        for name, (rate, p99, errors) in rows[label].items():
            log(f"{label}: {name}: {rate:.0f}/s, p99 {p99}, non-2xx {errors}")
    cluster.upstreams()
    return rows


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--binary", required=True)
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--data", required=True)
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--out", default=os.path.join(ROOT, "bench", "results", "cluster.md"))
    args = parser.parse_args()
    args.load_at_start = " / ".join(f"{x:.1f}" for x in os.getloadavg())
    cluster = Cluster(args)
    try:
        log("generating a large initiative on PostgreSQL…")
        generated = cluster.run("demo", "--scale", "large", "--initiatives", "1")
        initiative = re.search(r"its initiative: (\S+)", generated).group(1)
        token = cluster.run("token", "create", "--email", "bench@coventure.example", "--name", "cluster").strip().splitlines()[-1]
        for name in cluster.names:
            cluster.start(name)
        cluster.start_proxy()
        api = Client(cluster.proxy_port, token=token)
        parties = api.json("GET", f"/api/v1/initiatives/{initiative}")["parties"]
        owner = next(p["organizationId"] for p in parties if p["kind"] == "owner")
        kr = next(o["keyResults"][0]["id"] for o in api.json("GET", f"/api/v1/initiatives/{initiative}/okrs")["objectives"]
                  if o["organizationId"] == owner and o["keyResults"])
        ctx = {"initiative": initiative, "token": token, "kr": kr, "email": "bench@coventure.example",
               "password": "coventure-bench", "seconds": args.seconds}
        live = check_live(cluster, ctx)
        jobs = check_jobs(cluster, ctx)
        rolling = check_rolling_restart(cluster, ctx)
        scaling = check_scaling(cluster, ctx)
    finally:
        cluster.stop_all()
    report(args, live, jobs, rolling, scaling)


def report(args, live, jobs, rolling, scaling):
    commit = subprocess.run(["git", "-C", ROOT, "rev-parse", "--short", "HEAD"], capture_output=True, text=True).stdout.strip()
    lines = [
        "# Benchmark: three nodes behind nginx",
        "",
        f"`bench/cluster` on {os.cpu_count()} cores, commit {commit}, {datetime.now(timezone.utc):%Y-%m-%d %H:%M} UTC: one PostgreSQL "
        "15, three release nodes and nginx (deploy/nginx.conf) on this one machine, a large initiative "
        f"(`coventure demo --scale large --initiatives 1`). Load average when the checks began: {args.load_at_start}.",
        "",
        "## Live updates across nodes",
        "",
        "| path | median | max | of 20 |",
        "| --- | ---: | ---: | ---: |",
    ]
    for label, delays in live.items():
        arrived = sum(1 for d in delays if d != float("inf"))
        lines.append(f"| {label} | {statistics.median(delays) * 1000:.0f} ms | {max(delays) * 1000:.0f} ms | {arrived} arrived |")
    ok_closes = all(c == 1 for c in jobs["closes_per_decision"]) and len(jobs["closes_per_decision"]) == jobs["decisions"]
    lines += [
        "",
        "## Background work runs once (node B killed with SIGKILL mid-run)",
        "",
        f"- Decision deadlines: {jobs['decisions']} decisions due 25 s after opening; closing events per decision in the ledger: "
        f"{sorted(set(jobs['closes_per_decision']))} ({'each closed exactly once' if ok_closes else 'NOT exactly once'}).",
        f"- Webhook deliveries: {jobs['events_subscribed']} subscribed events recorded ({jobs['checkins_acknowledged']} check-ins "
        f"acknowledged, {jobs['failed_writes_while_killed']} failed while node B died); outbox rows by state: {jobs['messages']}; "
        f"the receiver got {jobs['received_distinct']} distinct messages and {jobs['received_repeats']} repeats.",
        f"- Taken over: the deadlines fell {jobs['deadline_kill_s']} s after the kill and were acted on {jobs['closed_late_s'][0]}–"
        f"{jobs['closed_late_s'][1]} s late (the sweep runs every 2 s on the node holding its lease; a lease of the killed node "
        f"runs out after 15 s); the last message was delivered {jobs['settled_after_writes_s']} s after the writes stopped.",
        f"- Checkpoints: every node served the same checkpoint bytes ({jobs['checkpoint_notes_served']} distinct note); "
        f"(log, size) pairs signed twice: {jobs['checkpoint_sizes_signed_twice']}.",
        "",
        "## Rolling restart under load",
        "",
        f"Each node drained from nginx (`deploy/upstreams --drain`), stopped with SIGTERM, started and put back, one after "
        f"another ({rolling['seconds']} s), while two readers (the overview page, the OKR tree JSON) and two writers (check-ins) "
        f"ran through nginx: {rolling['reads']} reads, {rolling['writes']} writes, **{rolling['failed']} failed**, "
        f"{rolling['acknowledged']} writes acknowledged, **{rolling['lost']} lost** (acknowledged but not in the database). "
        f"{rolling['retried']} POSTs found their keep-alive connection closed by nginx's reload before any answer and were "
        "sent again once with the same `Idempotency-Key` (every POST of the writers carries one), as a careful client does. "
        f"Rows recorded by the writers: {rolling['recorded']} (a write recorded twice would show as more rows than acknowledged "
        "writes; a write that failed may or may not have been recorded).",
        "",
        "## One node against three, through nginx",
        "",
        "| row | 1 node | 3 nodes | p99 (1 / 3) | non-2xx |",
        "| --- | ---: | ---: | ---: | ---: |",
    ]
    for name in scaling["1 node"]:
        one, three = scaling["1 node"][name], scaling["3 nodes"][name]
        lines.append(f"| {name} | {one[0]:.0f}/s | {three[0]:.0f}/s | {one[1]} / {three[1]} | {one[2] + three[2]} |")
    lines += [
        "",
        f"All of it shares this machine's {os.cpu_count()} cores: PostgreSQL, nginx, wrk and the nodes. Three nodes cannot "
        "serve more than one here — they add processes competing for the same cores — so the columns show the cost of "
        "the proxy and the extra processes, not the gain on separate machines, where reads scale with nodes (each read "
        "is independent; the read cache is per node and keyed by a revision read from the database). Writes to one "
        "initiative are bounded by PostgreSQL, not by the nodes: every change appends to the initiative's log, and the "
        "log's head row (`ledger_heads`) is locked from the append to the commit, so one initiative's changes commit "
        "one after another, each with its own commit (group commit is SQLite's, not PostgreSQL's).",
    ]
    if rolling["first_failures"]:
        lines += ["", "First failures: " + "; ".join(rolling["first_failures"])]
    text = "\n".join(lines) + "\n"
    with open(args.out, "w") as f:
        f.write(text)
    print(text)


if __name__ == "__main__":
    main()
