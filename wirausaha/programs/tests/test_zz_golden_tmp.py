import pytest
from wirausaha.programs.tests.support import drawn, golden_wave, ranked
def test_print(db):
    w = drawn(golden_wave())
    print("LIST", ranked(w)); print("DIGEST", w.draw.results_digest)
