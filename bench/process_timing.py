"""What the benchmark scripts share: running a whole process and taking its wall time and peak RSS.

The wall time is the parent's clock around the child, to the microsecond, and the peak RSS the child's
own (wait4's rusage). /usr/bin/time reports wall time in hundredths of a second, too coarse for the
20-40 ms commands measured here (it rounded `cairn --version` to 0 ms)."""
import os, subprocess, tempfile, time


def timed(cmd, env=None):
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=out, stderr=err, env=env)
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)  # reaped here: Popen must not wait again
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read().decode(errors="replace"), err.read().decode(errors="replace")
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(cmd[:3])} failed: {stderr[-2000:]}")
    return seconds, usage.ru_maxrss / 1024, stdout
