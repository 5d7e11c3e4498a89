#!/usr/bin/env python3
"""bench/extract_bench.py -- extraction quality and speed on the dev sets.

    python3 bench/extract_bench.py [--akhbar build/akhbar] [--speed build/bench/extract_speed]
                                   [--sets DIR] [--out DIR] [--no-speed] [--no-readability]

Quality: runs `akhbar extract --url URL PAGE` on every page of aeb-dev and
morocco-dev (DIR, default ../shared/bench/extraction, or $AKHBAR_EXTRACTION_SETS),
writes predictions to OUT/pred-SET.jsonl and scores them with the sets' own
score.py; then both again with every class and id value replaced by
random words (how much the extractor leans on theme vocabulary), and
morocco-dev without JSON-LD and OpenGraph (what the page shows must do).  Peak RSS
of the extract processes is reported (max over pages).

Speed (single core, same run, same pages held in memory): libxml2's bare
htmlReadMemory, px_extract (build/bench/extract_speed), and Mozilla
Readability + jsdom (npm, installed into OUT/node when missing; node and npm
come from Debian when run as root; a missing peer is reported as missing).  trafilatura is reported as missing when no
python3 module is importable (it is not packaged in Debian 12 and only the
Debian and npm registries are reachable here).

Skips with a message (exit 0) when the dev sets are absent (CI).
"""
import argparse
import gzip
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent


def default_sets():
    # ../shared next to the checkout, or two levels up for a worktree.
    for base in (ROOT.parent, ROOT.parent.parent):
        d = base / 'shared/bench/extraction'
        if (d / 'score.py').exists():
            return str(d)
    return str(ROOT.parent / 'shared/bench/extraction')


def load_set(setdir):
    gt = [json.loads(l) for l in open(setdir / 'ground-truth.jsonl', encoding='utf8') if l.strip()]
    pages = []
    for g in gt:
        p = setdir / (g['id'] + '.html')
        if not p.exists():
            p = setdir / (g['id'] + '.html.gz')
        if not p.exists():
            continue
        pages.append((g['id'], g.get('url'), p))
    return pages


def page_bytes(p):
    data = p.read_bytes()
    return gzip.decompress(data) if p.suffix == '.gz' else data


def obfuscate(data):
    """The page with every class and id value replaced by random words
    (seeded): what is left to go on is structure and text."""
    import random
    import re
    rnd = random.Random(len(data))
    def sub(m):
        words = m.group(3).split()
        return m.group(1) + '=' + m.group(2) + ' '.join(
            'c' + ''.join(rnd.choice('abcdefghijklmnopqrstuvwxyz') for _ in range(6)) for _ in words) + m.group(2)
    return re.sub(rb'\b(class|id)=(["\'])(.*?)\2', lambda m: sub_bytes(m, sub), data)


def strip_meta(data):
    """The page without JSON-LD and OpenGraph/article/twitter/author meta
    tags: title, date and author must come from what the page shows."""
    import re
    data = re.sub(rb'<script[^>]*application/ld\+json[^>]*>.*?</script>', b'', data, flags=re.S | re.I)
    return re.sub(rb'<meta\s+(property|name)=["\'](og:|article:|twitter:|author)[^>]*>', b'', data, flags=re.I)


def sub_bytes(m, fn):
    class M:
        def group(self, i):
            return m.group(i).decode('latin-1')
    return fn(M()).encode('latin-1')


def quality(akhbar, name, setdir, out, tmp, transform=None):
    pages = load_set(setdir)
    pred = out / f'pred-{name}.jsonl'
    errors = 0
    with open(pred, 'w', encoding='utf8') as f:
        for pid, url, path in pages:
            src = tmp / f'{name}-{pid}.html'
            data = page_bytes(path)
            src.write_bytes(transform(data) if transform else data)
            cmd = [akhbar, 'extract']
            if url:
                cmd += ['--url', url]
            cmd.append(str(src))
            r = subprocess.run(cmd, capture_output=True)
            if r.returncode != 0:
                errors += 1
                print(f'  {name}/{pid}: exit {r.returncode}: {r.stderr.decode(errors="replace")[:200]}')
                o = {}
            else:
                o = json.loads(r.stdout)
            o['id'] = pid
            f.write(json.dumps(o, ensure_ascii=False) + '\n')
    print(f'-- {name}: {len(pages)} pages, {errors} extract failures')
    subprocess.run([sys.executable, str(setdir.parent / 'score.py'), str(setdir / 'ground-truth.jsonl'),
                    str(pred), '--json', str(out / f'score-{name}.json'),
                    '--per-doc', str(out / f'perdoc-{name}.jsonl')], check=True)
    return [tmp / f'{name}-{pid}.html' for pid, _, _ in pages]


def readability(out, files, rounds):
    nodedir = out / 'node'
    script = HERE / 'readability_bench.js'
    if not (nodedir / 'node_modules' / '@mozilla' / 'readability').exists() or \
            not (nodedir / 'node_modules' / 'jsdom').exists():
        if (not shutil.which('npm') or not shutil.which('node')) and os.geteuid() == 0 and shutil.which('apt-get'):
            # bench-only peers are installed here, as root, never by the build
            subprocess.run(['apt-get', 'install', '-y', '-q', 'nodejs', 'npm'], capture_output=True)
        if not shutil.which('npm') or not shutil.which('node'):
            return None, 'node/npm not installed (apt-get install nodejs npm)'
        nodedir.mkdir(parents=True, exist_ok=True)
        r = subprocess.run(['npm', 'install', '--prefix', str(nodedir), '--no-audit', '--no-fund',
                            '@mozilla/readability', 'jsdom'], capture_output=True, text=True)
        if r.returncode != 0:
            return None, 'npm install @mozilla/readability jsdom failed: ' + r.stderr.strip()[-300:]
    lst = out / 'files.txt'
    lst.write_text('\n'.join(str(f) for f in files) + '\n')
    env = dict(os.environ, NODE_PATH=str(nodedir / 'node_modules'))
    r = subprocess.run(['taskset', '-c', '0', 'node', str(script), str(lst), str(rounds)],
                       capture_output=True, text=True, env=env)
    if r.returncode != 0:
        return None, 'readability run failed: ' + r.stderr.strip()[-300:]
    return json.loads(r.stdout.strip().splitlines()[-1]), None


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--akhbar', default=str(ROOT / 'build/akhbar'))
    ap.add_argument('--speed', default=str(ROOT / 'build/bench/extract_speed'))
    ap.add_argument('--sets', default=os.environ.get('AKHBAR_EXTRACTION_SETS', default_sets()))
    ap.add_argument('--out', default=str(ROOT / 'build/bench/extract'))
    ap.add_argument('--rounds', type=int, default=5, help='passes over the pages for the C speed runs')
    ap.add_argument('--no-speed', action='store_true')
    ap.add_argument('--no-readability', action='store_true')
    args = ap.parse_args()
    sets = Path(args.sets)
    if not (sets / 'score.py').exists():
        print(f'bench-extract: skipped: dev sets not found in {sets} (set AKHBAR_EXTRACTION_SETS)')
        return 0
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix='akhbar-bench-'))
    try:
        files = {}
        for name in ('aeb-dev', 'morocco-dev'):
            if (sets / name).is_dir():
                files[name] = quality(args.akhbar, name, sets / name, out, tmp)
        for name in ('aeb-dev', 'morocco-dev'):
            if (sets / name).is_dir():
                print(f'-- robustness: {name} with every class and id value replaced by random words')
                quality(args.akhbar, f'{name}-noclass', sets / name, out, tmp, obfuscate)
        if (sets / 'morocco-dev').is_dir():
            print('-- robustness: morocco-dev without JSON-LD and OpenGraph (dates to the minute only where '
                  'the page shows a time)')
            quality(args.akhbar, 'morocco-dev-nometa', sets / 'morocco-dev', out, tmp, strip_meta)
        rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        print(f'peak RSS of one `akhbar extract` process (max over all pages): {rss / 1024:.1f} MB')
        if args.no_speed:
            return 0
        print()
        print('== speed: single core (taskset -c 0), pages held in memory, same run')
        for name, fl in files.items():
            lst = out / f'files-{name}.txt'
            lst.write_text('\n'.join(str(f) for f in fl) + '\n')
            size = sum(f.stat().st_size for f in fl)
            r = subprocess.run(['taskset', '-c', '0', args.speed, '--rounds', str(args.rounds), str(lst)],
                               capture_output=True, text=True)
            if r.returncode != 0:
                print(f'{name}: extract_speed failed: {r.stderr.strip()}')
                continue
            c = json.loads(r.stdout.strip().splitlines()[-1])
            print(f'{name}: {len(fl)} pages, {size / len(fl) / 1024:.0f} KB avg, {args.rounds} runs each')
            print(f'   bare htmlReadMemory   best {c["best_parse_pps"]:7.1f} pages/s   all runs {c["parse_pps"]:7.1f} pages/s')
            print(f'   akhbar px_extract     best {c["best_extract_pps"]:7.1f} pages/s   all runs {c["extract_pps"]:7.1f} pages/s'
                  f'   = {c["best_extract_pps"] / c["best_parse_pps"] * 100:.0f}% (best) / '
                  f'{c["extract_pps"] / c["parse_pps"] * 100:.0f}% (all) of bare parse')
            if not args.no_readability:
                rd, why = readability(out, fl, 1)
                if rd:
                    print(f'   Readability.js+jsdom  one run {rd["pps"]:7.1f} pages/s   '
                          f'akhbar (all runs) = {c["extract_pps"] / rd["pps"]:.0f}x Readability.js')
                else:
                    print(f'   Readability.js: missing ({why})')
            try:
                import trafilatura  # noqa: F401
                print('   trafilatura: importable, not measured by this script')
            except ImportError:
                print('   trafilatura: missing (no python3 module; not packaged in Debian 12, PyPI not reachable)')
            print(f'   peak RSS of extract_speed with all {len(fl)} pages in memory: {c["maxrss_kb"] / 1024:.1f} MB')
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == '__main__':
    sys.exit(main())
