"""`make run`: the web server (gunicorn), the job worker and the daily scheduler (core.schedule, checked every
minute) side by side, with the URL and demo accounts printed."""

import os
import signal
import subprocess
import sys
import time


def main() -> int:
    port = os.environ.get("PORT", "8000")
    env = dict(os.environ)
    env.setdefault("SITE_URL", f"http://127.0.0.1:{port}")
    env.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    bin_dir = os.path.dirname(sys.executable)
    web = subprocess.Popen(
        [
            os.path.join(bin_dir, "gunicorn"),
            "config.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            env.get("WEB_CONCURRENCY", "2"),
            "--access-logformat",
            '%(h)s "%(m)s %(U)s" %(s)s %(M)sms',
            "--access-logfile",
            "-",
        ],
        env=env,
    )
    worker = subprocess.Popen([sys.executable, "manage.py", "db_worker", "--interval", "1"], env=env)
    scheduler = subprocess.Popen([sys.executable, "manage.py", "run_daily_jobs", "--every", "60"], env=env)
    time.sleep(1.5)
    subprocess.call([sys.executable, "manage.py", "demo_accounts"], env=env)
    print(f"\n  Qualivie est prêt : http://127.0.0.1:{port}/   (Ctrl+C pour arrêter)\n", flush=True)

    def stop(*_args: object) -> None:
        for proc in (web, worker, scheduler):
            if proc.poll() is None:
                proc.terminate()

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    try:
        while web.poll() is None and worker.poll() is None:
            time.sleep(0.5)
    finally:
        stop()
        for proc in (web, worker, scheduler):
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
    return web.returncode or 0


if __name__ == "__main__":
    sys.exit(main())
