#!/usr/bin/env python3
"""`make bench`: blackhail quote with 1,000, 5,000 and 10,000 generated sites x 20 emulated sellers, a repeat run,
then the latency scenario.

The emulator runs in its own process (zero latency, no faults); the client sees the sellers as real ones over
loopback HTTP. Prints a table per size: wall time, client CPU time, client peak RSS, emulator CPU and client CPU per
quote item. The first size is then quoted again with the same journal (the repeat run: sellers' address ids are
reused, no address validation is sent) and with --max-concurrency 1, as ratios. Numbers vary between runs on a shared
machine: compare ratios from one run.

The latency scenario (BENCH_LATENCY_SITES, default 10,1000, comma-separated for several sizes) has every seller answer
each request after 300 ms and complete POQs and quotes 2 s after creating them (deferred), and prints blackhail's
wall time next to the critical path under the sellers' concurrency limits (see `critical_path`).

The TLS scenario (optional: BENCH_TLS=1, BENCH_TLS_SITES sites, default 200) serves the sellers over HTTPS with a
throwaway CA made by openssl, once offering HTTP/2 and once HTTP/1.1 only (`emulate --http1-only`), and prints for
each the client's wall and CPU time and the TCP connections the emulator accepted (distinct client ports seen in
/proc/net/tcp while the client ran, and the most open at once).

Environment: BENCH_SITES (comma-separated sizes, default 1000,5000,10000), BENCH_SELLERS; BENCH_SKIP_VALIDATOR, BENCH_SKIP_SERIAL, BENCH_SKIP_SCALE,
BENCH_SKIP_LATENCY (=1 skips that part); BENCH_TLS=1 adds the TLS scenario; BENCH_TEAM=1 adds the team budget
scenario (`team_bench`: four processes sharing a PostgreSQL store, BENCH_TEAM_SITES sites each, default 40); BENCH_PERF=FILE records every client
quote under perf (the last one stays); BENCH_BINARY=PATH measures that blackhail instead of building one (before and
after a change).
"""
import json
import math
import os
import pathlib
import random
import re
import subprocess
import sys
import tempfile
import threading
import time

ROOT = pathlib.Path(__file__).resolve().parent.parent
SITE_COUNTS = [int(n) for n in os.environ.get("BENCH_SITES", "1000,5000,10000").split(",") if n.strip()]
SELLERS = int(os.environ.get("BENCH_SELLERS", "20"))
LATENCY_SITES = [int(n) for n in os.environ.get("BENCH_LATENCY_SITES", "10,1000").split(",") if n.strip()]
LATENCY_MS = 300
DEFERRED_SECONDS = 2
CONCURRENCY = 16
ITEMS_PER_REQUEST = 50
COUNTRIES = [("US", "NY", "10001"), ("GB", None, "SW1A 1AA"), ("DE", None, "10115"), ("FR", None, "75001"),
             ("NL", None, "1012 AB"), ("ES", None, "28013"), ("IT", None, "00186"), ("IE", None, "D02 X285")]


def write_fixtures(directory: pathlib.Path, site_count: int, responses: list[str]) -> tuple[pathlib.Path, pathlib.Path]:
    """`site_count` generated sites, and SELLERS emulated sellers whose `emulate` block adds `responses`."""
    rng = random.Random(7)
    sites = directory / "sites.csv"
    with sites.open("w") as f:
        f.write("site_id,name,street_nr,street_name,city,state_or_province,postcode,country,bandwidth_mbps,term_months,min_sla_uptime\n")
        for n in range(site_count):
            country, region, postcode = COUNTRIES[n % len(COUNTRIES)]
            bandwidth = rng.choice([50, 100, 200, 500, 1000])
            f.write(f"S{n:05d},Site {n},{n % 300 + 1},Bench Street {n},City {n % 97},{region or ''},{postcode},{country},{bandwidth},36,99.5\n")
    emulated = directory / "emulated"
    emulated.mkdir()
    for s in range(SELLERS):
        lines = [f"id: bench{s:02d}", f"name: Bench Seller {s:02d}", "products: {basic: BENCH-BIA}",
                 "buyer: {contact: {name: Bench, email: bench@example.com, phone: '+1 555 0100'}}",
                 f"limits: {{concurrency: {CONCURRENCY}, itemsPerRequest: {ITEMS_PER_REQUEST}, requestsPerSecond: 100000, "
                 "requestTimeoutSeconds: 60}",
                 "emulate:", f"  seed: {s + 1}", "  currency: USD", "  slaUptime: 99.9"] + [f"  {r}" for r in responses] + [
                 "  coverage:"] + [f"    - {{ country: {c} }}" for c, _, _ in COUNTRIES] + ["  priceBook:"]
        for tier in (50, 100, 200, 500, 1000):
            lines.append(f"    - {{ mbps: {tier}, termMonths: 36, mrc: {100 + tier // 2 + s * 7}, nrc: {500 + s}}}")
        (emulated / f"bench{s:02d}.yaml").write_text("\n".join(lines) + "\n")
    return sites, emulated


def start_emulator(binary: str, emulated: pathlib.Path, extra: list[str] = []) -> tuple[subprocess.Popen, dict]:
    process = subprocess.Popen([binary, "emulate", "--sellers", str(emulated), "--port", "0"] + extra,
                               stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    urls = {}
    for line in process.stdout:
        match = re.match(r"\s+(\S+)\s+(https?://\S+)", line)
        if match:
            urls[match.group(1)] = match.group(2)
        if line.startswith("Press Ctrl-C"):
            break
    return process, urls


def real_profiles(directory: pathlib.Path, emulated: pathlib.Path, urls: dict, extra: str = "") -> pathlib.Path:
    real = directory / "real"
    real.mkdir()
    for path in emulated.glob("*.yaml"):
        text = path.read_text().split("emulate:")[0]
        seller = path.stem
        (real / path.name).write_text(text + f"sonata: {{baseURL: '{urls[seller]}'}}\n" + extra)
    return real


def cpu_seconds(pid: int) -> float:
    """User and system CPU time of a running process so far (Linux /proc)."""
    fields = pathlib.Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def measure(binary: str, sites: pathlib.Path, sellers: pathlib.Path, extra: list[str], store: str = "store") -> dict:
    """One `blackhail quote`, with its journal in `store` below the sites' directory (the same store again reuses the
    sellers' address ids)."""
    store = sites.parent / store
    command = [binary, "quote", str(sites), "--sellers", str(sellers), "-q", "-o", "json", "--out", os.devnull,
               "--store", str(store)] + extra
    if os.environ.get("BENCH_PERF"):
        command = ["perf", "record", "-g", "-o", os.environ["BENCH_PERF"], "--"] + command
    started = time.monotonic()
    process = subprocess.Popen(command, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.monotonic() - started
    code = os.waitstatus_to_exitcode(status)
    if code not in (0, 2):
        sys.exit(f"blackhail quote failed with exit code {code}: {process.stderr.read().decode()[:2000]}")
    return {"wall": wall, "cpu": usage.ru_utime + usage.ru_stime, "rss_mb": usage.ru_maxrss / 1024, "exit": code}


def validator_bench() -> None:
    """MEF 139 payload validation: Swift (one core) against Python jsonschema on the same vectors."""
    vectors = ROOT.parent / "shared" / "mef" / "vectors" / "mef139-vectors.json"
    if not vectors.exists():
        print(f"payload validation: skipped, {vectors} is absent")
        return
    run = subprocess.run(["swift", "run", "-q", "-c", "release", "MEF139Bench"], cwd=ROOT, capture_output=True,
                         text=True)
    if run.returncode != 0:
        sys.exit(f"MEF139Bench failed:\n{run.stderr[-3000:]}")
    swift = run.stdout
    swift_rate = float(re.search(r"validate \(all issues\): ([\d,.]+) payloads/s", swift).group(1).replace(",", ""))
    venv = ROOT / ".build-bench-venv"
    if not (venv / "bin" / "python").exists():
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        subprocess.run([str(venv / "bin" / "pip"), "install", "-q", "jsonschema", "pyyaml", "rfc3339-validator"],
                       check=True)
    python = subprocess.run([str(venv / "bin" / "python"), str(ROOT / "Scripts" / "bench_jsonschema.py"),
                             "--vectors", str(vectors)], cwd=ROOT, check=True, capture_output=True, text=True).stdout
    python_rate = float(re.search(r"([\d,.]+) payloads/s", python).group(1).replace(",", ""))
    print("MEF 139 payload validation, one core, all 1,174 vectors with every issue reported:")
    print(f"  blackhail MEF139: {swift_rate:,.0f} payloads/s; Python jsonschema: {python_rate:,.0f} payloads/s; "
          f"ratio {swift_rate / python_rate:.0f}x")


def scale_run(binary: str, site_count: int) -> dict:
    """One size: a first run, and for the first size the repeat run and the serial run."""
    with tempfile.TemporaryDirectory(prefix="blackhail-bench-") as tmp:
        directory = pathlib.Path(tmp)
        sites, emulated = write_fixtures(directory, site_count, ["responses: sync"])
        emulator, urls = start_emulator(binary, emulated)
        try:
            real = real_profiles(directory, emulated, urls)
            emulator_before = cpu_seconds(emulator.pid)
            run = measure(binary, sites, real, [])
            run["emulator_cpu"] = cpu_seconds(emulator.pid) - emulator_before
            if site_count == SITE_COUNTS[0]:
                emulator_before = cpu_seconds(emulator.pid)
                run["repeat"] = measure(binary, sites, real, [])
                run["repeat"]["emulator_cpu"] = cpu_seconds(emulator.pid) - emulator_before
                if os.environ.get("BENCH_SKIP_SERIAL") != "1":
                    run["serial"] = measure(binary, sites, real, ["--max-concurrency", "1"], store="serial-store")
            return run
        finally:
            emulator.terminate()
            emulator.wait()


def scale_bench(binary: str) -> None:
    print(f"blackhail quote: generated sites x {SELLERS} sellers, emulator in its own process, one run each")
    print("| sites x sellers | client CPU | wall | client peak RSS | emulator CPU | client CPU per quote item |")
    print("|---|---|---|---|---|---|")
    first = None
    for site_count in SITE_COUNTS:
        run = scale_run(binary, site_count)
        items = site_count * SELLERS
        print(f"| {site_count:,} x {SELLERS} | {run['cpu']:.1f} s | {run['wall']:.1f} s | {run['rss_mb']:,.0f} MB | "
              f"{run['emulator_cpu']:.1f} s | {run['cpu'] / items * 1000:.3f} ms |", flush=True)
        first = first or (site_count, run)
    site_count, run = first
    items = site_count * SELLERS
    repeat = run["repeat"]
    print(f"repeat run ({site_count:,} x {SELLERS}, same journal: address ids reused): client CPU {repeat['cpu']:.1f} s "
          f"({repeat['cpu'] / run['cpu']:.2f} of the first run's {run['cpu']:.1f} s), wall {repeat['wall']:.1f} s, "
          f"emulator CPU {repeat['emulator_cpu']:.1f} s, client peak RSS {repeat['rss_mb']:,.0f} MB")
    if "serial" in run:
        serial = run["serial"]
        print(f"--max-concurrency 1 ({site_count:,} x {SELLERS}): wall {serial['wall']:.1f} s, client CPU "
              f"{serial['cpu']:.1f} s, {items / serial['wall']:.0f} quote items/s; concurrency speed-up "
              f"{serial['wall'] / run['wall']:.1f}x wall")


def critical_path(site_count: int) -> float:
    """The shortest a run can take with one seller's answers at LATENCY_MS, its work deferred DEFERRED_SECONDS and
    at most CONCURRENCY of its requests in flight, stage after stage as blackhail goes: address validations in
    waves, then the POQs (create, wait, poll), then the quotes (create, wait, poll). Sellers are independent, so
    20 of them take no longer than one."""
    latency = LATENCY_MS / 1000
    batches = math.ceil(site_count / ITEMS_PER_REQUEST)
    addresses = math.ceil(site_count / CONCURRENCY) * latency
    waves = math.ceil(batches / CONCURRENCY)
    deferred = waves * latency + DEFERRED_SECONDS + waves * latency
    return addresses + 2 * deferred


def latency_bench(binary: str) -> None:
    for site_count in LATENCY_SITES:
        with tempfile.TemporaryDirectory(prefix="blackhail-bench-latency-") as tmp:
            directory = pathlib.Path(tmp)
            sites, emulated = write_fixtures(directory, site_count, [
                "responses: deferred", f"deferredSeconds: {DEFERRED_SECONDS}", f"latencyMs: [{LATENCY_MS}, {LATENCY_MS}]"])
            emulator, urls = start_emulator(binary, emulated)
            try:
                real = real_profiles(directory, emulated, urls)
                run = measure(binary, sites, real, [])
                path = critical_path(site_count)
                print(f"latency: {site_count} sites x {SELLERS} sellers, {LATENCY_MS} ms per answer, POQs and quotes "
                      f"done {DEFERRED_SECONDS} s after creation: wall {run['wall']:.2f} s, critical path {path:.2f} s, "
                      f"ratio {run['wall'] / path:.2f} (client CPU {run['cpu']:.2f} s, exit {run['exit']})")
            finally:
                emulator.terminate()
                emulator.wait()


def make_certificates(directory: pathlib.Path) -> dict:
    """A throwaway CA and a server certificate for 127.0.0.1 and localhost, by openssl."""
    def openssl(*arguments: str) -> None:
        subprocess.run(["openssl", *arguments], cwd=directory, check=True, capture_output=True)
    openssl("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-days", "1",
            "-subj", "/CN=bench CA", "-keyout", "ca-key.pem", "-out", "ca.pem",
            "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign")
    openssl("req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-subj", "/CN=bench seller",
            "-keyout", "server-key.pem", "-out", "server.csr")
    (directory / "san.ext").write_text("subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n")
    openssl("x509", "-req", "-in", "server.csr", "-CA", "ca.pem", "-CAkey", "ca-key.pem", "-CAcreateserial",
            "-days", "1", "-extfile", "san.ext", "-out", "server.pem")
    return {name: str(directory / f"{name}.pem") for name in ("ca", "server", "server-key")}


def established_client_ports(server_port: int) -> set:
    """Remote ports of the ESTABLISHED TCP connections whose local port is `server_port` (Linux /proc)."""
    ports = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            lines = pathlib.Path(table).read_text().splitlines()[1:]
        except OSError:
            continue
        for line in lines:
            fields = line.split()
            local, remote, state = fields[1], fields[2], fields[3]
            if state == "01" and int(local.rsplit(":", 1)[1], 16) == server_port:
                ports.add(int(remote.rsplit(":", 1)[1], 16))
    return ports


def tls_bench(binary: str) -> None:
    site_count = int(os.environ.get("BENCH_TLS_SITES", "200"))
    with tempfile.TemporaryDirectory(prefix="blackhail-bench-tls-") as tmp:
        directory = pathlib.Path(tmp)
        certificates = make_certificates(directory)
        items = site_count * SELLERS
        print(f"TLS: {site_count} sites x {SELLERS} sellers ({items} quote items) over HTTPS, emulator in its own process")
        for label, extra in (("HTTP/2  ", []), ("HTTP/1.1", ["--http1-only"])):
            run_directory = directory / label.strip().replace("/", "")
            run_directory.mkdir()
            sites, emulated = write_fixtures(run_directory, site_count, ["responses: sync"])
            emulator, urls = start_emulator(binary, emulated, [
                "--tls-cert", certificates["server"], "--tls-key", certificates["server-key"]] + extra)
            try:
                port = int(next(iter(urls.values())).split(":")[2].split("/")[0])
                real = real_profiles(run_directory, emulated, urls, f"tls: {{caBundle: '{certificates['ca']}'}}\n")
                seen, peak, done = set(), 0, threading.Event()

                def sample() -> None:
                    nonlocal peak
                    while not done.is_set():
                        ports = established_client_ports(port)
                        seen.update(ports)
                        peak = max(peak, len(ports))
                        done.wait(0.02)
                sampler = threading.Thread(target=sample)
                sampler.start()
                emulator_before = cpu_seconds(emulator.pid)
                run = measure(binary, sites, real, [])
                emulator_cpu = cpu_seconds(emulator.pid) - emulator_before
                done.set()
                sampler.join()
                print(f"  {label}: wall {run['wall']:.2f} s, client CPU {run['cpu']:.2f} s "
                      f"({run['cpu'] / items * 1000:.3f} ms per item), emulator CPU {emulator_cpu:.2f} s, "
                      f"connections {len(seen)} (at most {peak} at once), exit {run['exit']}")
            finally:
                emulator.terminate()
                emulator.wait()


TEAM_PROCESSES = 4
TEAM_RATE = 20
TEAM_CONCURRENCY = 8
TEAM_SITES = int(os.environ.get("BENCH_TEAM_SITES", "40"))


def postgres_bin() -> pathlib.Path:
    """Where initdb and pg_ctl are: on the PATH, else Debian's newest /usr/lib/postgresql/*/bin."""
    for directory in os.environ.get("PATH", "").split(":") + ["/usr/lib/postgresql/" + v + "/bin" for v in sorted(
            os.listdir("/usr/lib/postgresql") if os.path.isdir("/usr/lib/postgresql") else [], key=lambda v: -int(v))]:
        if directory and os.access(os.path.join(directory, "initdb"), os.X_OK):
            return pathlib.Path(directory)
    sys.exit("BENCH_TEAM needs PostgreSQL's initdb and pg_ctl (apt-get install postgresql)")


def team_bench(binary: str) -> None:
    """Issue 18's measurement: TEAM_PROCESSES `blackhail quote` processes at once, sharing a throwaway PostgreSQL
    store, through one emulated seller whose limits are TEAM_RATE requests/s and TEAM_CONCURRENCY concurrent requests
    (answers after 300-500 ms, one item per request). The seller's side, as the emulator counted it (`emulate
    --statistics`): the busiest one-second window, the most requests in flight at once and the average rate as a
    share of the limit. Each process alone would send at the full rate: together, unshared, 4 times it."""
    import socket
    bin_dir = postgres_bin()
    with tempfile.TemporaryDirectory() as tmp:
        root = pathlib.Path(tmp)
        as_user = ["runuser", "-u", "nobody", "--"] if os.geteuid() == 0 else []
        password = "bench-" + str(random.randrange(10**12))
        (root / "password").write_text(password)
        if as_user:
            subprocess.run(["chown", "-R", "nobody", str(root)], check=True)
        subprocess.run(as_user + [str(bin_dir / "initdb"), "-D", str(root / "data"), "-U", "blackhail", "--pwfile",
                                  str(root / "password"), "--auth-local=trust", "--auth-host=scram-sha-256",
                                  "--no-sync"], check=True, stdout=subprocess.DEVNULL)
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        subprocess.run(as_user + [str(bin_dir / "pg_ctl"), "-D", str(root / "data"), "-l", str(root / "log"), "-w",
                                  "-o", f"-p {port} -k {root} -c listen_addresses=127.0.0.1 -c fsync=off", "start"],
                       check=True, stdout=subprocess.DEVNULL)
        try:
            subprocess.run(["psql", "-h", str(root), "-p", str(port), "-U", "blackhail", "-d", "postgres", "-qc",
                            "CREATE DATABASE bench"], check=True)
            store = f"postgres://blackhail@127.0.0.1:{port}/bench?sslmode=disable"
            emulated = root / "emulated"
            emulated.mkdir()
            (emulated / "limited.yaml").write_text("\n".join([
                "id: limited", "name: Limited Seller", "products: {basic: BENCH-BIA}",
                "buyer: {contact: {name: Bench, email: bench@example.com, phone: '+1 555 0100'}}",
                f"limits: {{concurrency: {TEAM_CONCURRENCY}, itemsPerRequest: 1, requestsPerSecond: {TEAM_RATE}, "
                "requestTimeoutSeconds: 60}",
                "emulate:", "  seed: 1", "  currency: USD", "  slaUptime: 99.9", "  latencyMs: [300, 500]",
                "  coverage:", "    - { country: US }", "  priceBook:",
                "    - { mbps: 100, termMonths: 36, mrc: 300, nrc: 0 }"]) + "\n")
            seen = root / "seen.json"
            emulator, urls = start_emulator(binary, emulated, ["--statistics", str(seen)])
            try:
                sellers = real_profiles(root, emulated, urls)
                environment = dict(os.environ, BLACKHAIL_STORE_PASSWORD=password)
                processes = []
                for n in range(TEAM_PROCESSES):
                    machine = root / f"machine{n}"
                    machine.mkdir()
                    rows = [f"T{n}-{i:03d},{i} Bench Street,New York,NY,10001,US,100" for i in range(TEAM_SITES)]
                    (machine / "sites.csv").write_text(
                        "site_id,street_name,city,state_or_province,postcode,country,bandwidth_mbps\n"
                        + "\n".join(rows) + "\n")
                    processes.append(subprocess.Popen(
                        [binary, "quote", "sites.csv", "--sellers", str(sellers), "-q", "--store", store],
                        cwd=machine, env=environment, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE))
                for process in processes:
                    _, errors = process.communicate()
                    if process.returncode not in (0, 2):
                        sys.exit(f"blackhail quote failed ({process.returncode}): {errors.decode()[:2000]}")
            finally:
                emulator.terminate()
                emulator.wait()
            counted = json.loads(seen.read_text())["limited"]
            # Beside the seller's count: a request the seller saw that no process journaled would be a lost exchange.
            journaled = int(subprocess.run(
                ["psql", "-h", str(root), "-p", str(port), "-U", "blackhail", "-d", "bench", "-Atc",
                 "SELECT count(*) FROM exchange WHERE sellerId = 'limited'"],
                check=True, capture_output=True, text=True).stdout.strip())
        finally:
            subprocess.run(as_user + [str(bin_dir / "pg_ctl"), "-D", str(root / "data"), "-m", "immediate", "stop"],
                           stdout=subprocess.DEVNULL)
    rate = counted["averagePerSecond"]
    busiest, most = counted["busiestSecond"], counted["maximumInFlight"]
    print(f"\nTeam budget: {TEAM_PROCESSES} processes x {TEAM_SITES} sites through one seller limited to {TEAM_RATE}/s "
          f"and {TEAM_CONCURRENCY} concurrent (shared PostgreSQL store), as the seller counted them")
    print(f"  requests {counted['requests']} over {counted['spanSeconds']:.1f} s ({journaled} in the shared journal)")
    print(f"  busiest 1-s window {busiest} (limit {TEAM_RATE}, +10% = {TEAM_RATE * 1.1:.0f}): "
          f"{'within' if busiest <= TEAM_RATE * 1.1 else 'OVER'}")
    print(f"  most in flight {most} (limit {TEAM_CONCURRENCY}): {'within' if most <= TEAM_CONCURRENCY else 'OVER'}")
    print(f"  average rate {rate:.1f}/s = {100 * rate / TEAM_RATE:.0f}% of the limit (goal at least 80%)")


def main() -> None:
    if os.environ.get("BENCH_SKIP_VALIDATOR") != "1":
        validator_bench()
    binary = os.environ.get("BENCH_BINARY")
    if not binary:
        subprocess.run(["swift", "build", "-c", "release", "--product", "blackhail"], cwd=ROOT, check=True)
        binary = subprocess.run(["swift", "build", "-c", "release", "--show-bin-path"], cwd=ROOT, check=True,
                                capture_output=True, text=True).stdout.strip() + "/blackhail"
    if os.environ.get("BENCH_SKIP_SCALE") != "1":
        scale_bench(binary)
    if os.environ.get("BENCH_SKIP_LATENCY") != "1":
        latency_bench(binary)
    if os.environ.get("BENCH_TLS") == "1":
        tls_bench(binary)
    if os.environ.get("BENCH_TEAM") == "1":
        team_bench(binary)


if __name__ == "__main__":
    main()
