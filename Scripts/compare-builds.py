"""Client CPU of two blackhail builds quoting the same 1,000 sites x 20 sellers against one emulator, alternately.

Usage: python3 Scripts/compare-builds.py BEFORE_BINARY AFTER_BINARY [RUNS]. The emulator is AFTER's."""
import pathlib, shutil, sys, tempfile
sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
import bench

before, after, runs = sys.argv[1], sys.argv[2], int(sys.argv[3]) if len(sys.argv) > 3 else 3
with tempfile.TemporaryDirectory(prefix="blackhail-compare-") as tmp:
    directory = pathlib.Path(tmp)
    sites, emulated = bench.write_fixtures(directory, 1000, ["responses: sync"])
    emulator, urls = bench.start_emulator(after, emulated)
    try:
        real = bench.real_profiles(directory, emulated, urls)
        results = {"before": [], "after": []}
        for i in range(runs):
            for name, binary in (("before", before), ("after", after)):
                shutil.rmtree(sites.parent / "store", ignore_errors=True)
                # A fresh journal each time: no address ids kept from the run before.
                m = bench.measure(binary, sites, real, [])
                results[name].append(m)
                print(f"{name}: cpu {m['cpu']:.2f} s wall {m['wall']:.2f} s rss {m['rss_mb']:.0f} MB exit {m['exit']}", flush=True)
        for name, ms in results.items():
            cpus = sorted(m["cpu"] for m in ms)
            print(f"{name}: median client CPU {cpus[len(cpus)//2]:.2f} s over {len(cpus)} runs")
        b = sorted(m["cpu"] for m in results["before"])[runs // 2]
        a = sorted(m["cpu"] for m in results["after"])[runs // 2]
        print(f"after/before client CPU ratio {a / b:.2f}")
    finally:
        emulator.terminate(); emulator.wait()
