"""The long property run of issue 9: 10,000 hypothesis examples per reader and extractor.

    python benchmarks/long_properties.py                 # every property, 10,000 examples each
    python benchmarks/long_properties.py -n 500 dates    # fewer examples, some properties only

Runs the ``check_*`` functions of ``tests/test_properties.py`` (the same properties as the
suite, which runs ~100 examples each) on random examples, and prints per property the number
of examples run, the failures and the time.  Exit status 1 when a property failed; the
falsifying example is printed (hypothesis shrinks it first).
"""

from __future__ import annotations

import argparse
import sys
import time
import traceback
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

import test_properties as P  # noqa: E402


def _properties(nlp_factory):
    return {
        "normalize": (P.texts, P.check_normalize),
        "structure": (P.texts, P.check_structure),
        "dates": (P.texts, P.check_dates),
        "statistics": (P.texts, P.check_statistics),
        "parse_number": (P.numerals, P.check_parse_number),
        "entities": (P.texts, P.check_entities),
        "label_sections": (P.texts, P.check_label_sections),
        "read_bytes": (
            st.tuples(st.binary(max_size=400), st.sampled_from(["a.txt", "a.html", "a.docx", "a.pdf"])),
            lambda args: P.check_read_bytes(*args),
        ),
        "decode_round_trip": (P.texts, P.check_text_round_trip),
        "analyze": (P.texts, lambda text: P.check_analyze(text, nlp_factory())),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("names", nargs="*", help="properties to run (default: all)")
    parser.add_argument("-n", "--examples", type=int, default=10_000, help="examples per property (default 10,000)")
    parser.add_argument("--seed", type=int, default=None, help="a fixed seed (default: random)")
    args = parser.parse_args(argv)

    nlp = []

    def nlp_factory():
        if not nlp:
            import textkit

            nlp.append(textkit.load())
        return nlp[0]

    props = _properties(nlp_factory)
    unknown = sorted(set(args.names) - set(props))
    if unknown:
        parser.error(f"unknown properties {unknown}; choose from {sorted(props)}")
    failed = 0
    print(f"{'property':<20}{'examples':>10}{'failures':>10}{'seconds':>10}")
    for name in args.names or list(props):
        strategy, check = props[name]
        count = [0]

        def make_run(check, count):
            def run(value):
                count[0] += 1
                check(value)

            return run

        run = make_run(check, count)

        test = settings(
            max_examples=args.examples, deadline=None, database=None, derandomize=False,
            suppress_health_check=list(HealthCheck),
        )(given(strategy)(run))
        if args.seed is not None:
            from hypothesis import seed

            test = seed(args.seed)(test)
        start = time.perf_counter()
        try:
            test()
            status = 0
        except Exception:  # noqa: BLE001 - report and go on with the next property
            status = 1
            traceback.print_exc()
        failed += status
        print(f"{name:<20}{count[0]:>10,}{status:>10}{time.perf_counter() - start:>10.1f}", flush=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
